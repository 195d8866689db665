package ai.matrix.architect.ecosystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading a work tree's build files, which untrusted code wrote: no links followed, size-capped, never throwing. */
final class BuildFiles {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BuildFiles() {}

    static boolean exists(Path root, String name) {
        return Files.isRegularFile(root.resolve(name), LinkOption.NOFOLLOW_LINKS);
    }

    /** The file's text, or empty when it is missing, too large (4 MiB) or unreadable. */
    static String read(Path file) {
        try {
            return Files.isRegularFile(file) && Files.size(file) < (4 << 20) ? Files.readString(file) : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The file as JSON, or null when it is missing or no JSON. */
    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(read(file));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
