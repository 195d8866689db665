package ai.matrix.architect.engine;

import ai.matrix.architect.job.JobFacts;
import tools.jackson.databind.JsonNode;

/** What a stage decided; the engine turns it into state changes in one transaction. */
public sealed interface StageOutcome {
    String summary();

    JsonNode output();

    JobFacts facts();

    record Succeeded(String summary, JsonNode output, JobFacts facts) implements StageOutcome {}

    /** The stage did not apply; the summary says why. */
    record Skipped(String summary, JsonNode output, JobFacts facts) implements StageOutcome {}

    /** The job fails here; the summary is the sentence shown to the user. */
    record Failed(String summary, JsonNode output, JobFacts facts) implements StageOutcome {}

    /**
     * The job waits for people; no worker is held while it waits. The engine opens the wait in the transaction that
     * moves the job to awaiting_approval.
     */
    record AwaitApproval(String summary, JsonNode output, JobFacts facts, ApprovalDesk.Wait approvalWait)
            implements StageOutcome {}

    static StageOutcome succeeded(String summary, JsonNode output) {
        return new Succeeded(summary, output, JobFacts.none());
    }

    static StageOutcome skipped(String summary) {
        return new Skipped(summary, null, JobFacts.none());
    }

    static StageOutcome failed(String summary) {
        return new Failed(summary, null, JobFacts.none());
    }
}
