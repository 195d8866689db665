package ai.matrix.architect.engine;

import ai.matrix.architect.job.Job;

/**
 * Told when a job has started waiting for approval, after the wait is committed: PUBLISH opens the job's pull
 * request as a draft there, so that reviewers can look at the change where they review code. Best effort: what a
 * listener cannot do it writes to the stage's log and the job keeps waiting; a worker that dies in between tells
 * nobody, and the job publishes as usual once approved.
 */
public interface ApprovalWaitListener {
    void awaiting(Job job, StageLog log);
}
