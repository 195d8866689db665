package ai.matrix.architect.api;

import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobRequest;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One job in a list: what a table row or a script needs (well under 1 KB), without the plan, the evidence and the
 * stages, which stay at {@code GET /api/jobs/{id}}. Long text is cut, and says so with an ellipsis.
 */
public record JobSummary(
        String id,
        String status,
        String stage,
        String priority,
        String project,
        JobRequest.Repo repo,
        String goal,
        String createdBy,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        String branch,
        Tests tests,
        String gateDecision,
        String error) {
    static final int TEXT_LIMIT = 200;

    /** The test counts of the job's evidence, once VERIFY recorded them. */
    public record Tests(int passed, int failed, int skipped) {}

    static JobSummary of(Job j) {
        return new JobSummary(
                j.id(),
                j.status().wire(),
                j.stage() == null ? null : j.stage().name(),
                j.priority().name().toLowerCase(java.util.Locale.ROOT),
                j.project(),
                j.spec().repo(),
                cut(j.spec().goal()),
                j.createdBy(),
                j.createdAt(),
                j.startedAt(),
                j.finishedAt(),
                j.branch(),
                tests(j.evidence()),
                j.gate() != null && j.gate().hasNonNull("decision")
                        ? j.gate().get("decision").asString()
                        : null,
                cut(j.error()));
    }

    private static Tests tests(JsonNode evidence) {
        JsonNode t = evidence == null ? null : evidence.get("tests");
        if (t == null || !t.isObject()) return null;
        return new Tests(
                t.path("passed").asInt(),
                t.path("failed").asInt(),
                t.path("skipped").asInt());
    }

    static String cut(String text) {
        if (text == null || text.length() <= TEXT_LIMIT) return text;
        int end = TEXT_LIMIT - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) end--; // never split a character in two
        return text.substring(0, end) + "…";
    }
}
