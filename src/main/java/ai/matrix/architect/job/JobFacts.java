package ai.matrix.architect.job;

import tools.jackson.databind.JsonNode;

/**
 * Facts about the job a stage established; null fields are left as they are. Built with the named factories, one
 * per kind of fact.
 */
public record JobFacts(JsonNode plan, JsonNode evidence, JsonNode gate, String baseCommit, String resultCommit) {
    public static JobFacts none() {
        return new JobFacts(null, null, null, null, null);
    }

    /** The plan the job will follow. */
    public static JobFacts plan(JsonNode plan) {
        return new JobFacts(plan, null, null, null, null);
    }

    /** What verification proved. */
    public static JobFacts evidence(JsonNode evidence) {
        return new JobFacts(null, evidence, null, null, null);
    }

    /** The gate's decision. */
    public static JobFacts gate(JsonNode gate) {
        return new JobFacts(null, null, gate, null, null);
    }

    /** The commit the change starts from and the one it produced (null while there is none). */
    public static JobFacts commits(String baseCommit, String resultCommit) {
        return new JobFacts(null, null, null, baseCommit, resultCommit);
    }
}
