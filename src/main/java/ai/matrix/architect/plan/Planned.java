package ai.matrix.architect.plan;

import ai.matrix.architect.job.JobRequest;

/**
 * A planner's plan and the record of how it came about.
 *
 * @param prompt what was sent, as a JSON document (stored as {@code planner-prompt.json})
 * @param response the provider's raw answer (stored as {@code planner-response.txt})
 * @param usage tokens used, when the provider reports them; null otherwise
 * @param rounds 1, or 2 when the first answer needed the repair round
 */
public record Planned(JobRequest.Plan plan, String prompt, String response, Usage usage, int rounds) {

    /** Token counts as the provider reported them; a count it did not report is null. */
    public record Usage(Integer inputTokens, Integer outputTokens, Integer totalTokens) {
        Usage plus(Usage other) {
            if (other == null) return this;
            return new Usage(
                    sum(inputTokens, other.inputTokens),
                    sum(outputTokens, other.outputTokens),
                    sum(totalTokens, other.totalTokens));
        }

        private static Integer sum(Integer a, Integer b) {
            if (a == null) return b;
            if (b == null) return a;
            return a + b;
        }
    }
}
