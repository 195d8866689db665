package ai.matrix.architect.job;

import tools.jackson.databind.JsonNode;

/** Facts about the job a stage established; null fields are left as they are. */
public record JobFacts(JsonNode plan, JsonNode evidence, JsonNode gate, String baseCommit, String resultCommit) {
    public static JobFacts none() {
        return new JobFacts(null, null, null, null, null);
    }
}
