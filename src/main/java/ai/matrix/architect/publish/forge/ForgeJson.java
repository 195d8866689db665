package ai.matrix.architect.publish.forge;

import tools.jackson.databind.JsonNode;

/** JSON helpers shared by the publishers. */
public final class ForgeJson {
    private ForgeJson() {}

    /** A node whose every path is missing, for stages that recorded nothing. */
    public static JsonNode missing() {
        return ForgeHttp.JSON.missingNode();
    }
}
