package ai.matrix.architect.job;

/**
 * Told of every job and stage transition, inside the transaction that makes it (the audit log is one). A
 * listener that throws rolls the transition back.
 */
public interface JobTransitionListener {
    void jobChanged(String jobId, JobStatus status, StageName stage, StageStatus stageStatus);
}
