package ai.matrix.architect.engine;

import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.StageName;

/**
 * The signed record of what decided a job, one statement per decision, chained. The engine tells it, in the
 * transaction that applies the decision, so that a decision and its statement commit or roll back together.
 */
public interface JobLedger {
    /** A stage's outcome was applied; {@code job} is the job as it is after it. */
    void stageFinished(Job job, StageName stage, StageOutcome outcome);

    /** An approval was recorded (it may not be the last one the job needs). */
    void approvalRecorded(Job job, ApprovalDesk.Approval approval);
}
