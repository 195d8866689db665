package ai.matrix.architect.job;

import static ai.matrix.architect.job.JobStatus.AWAITING_APPROVAL;
import static ai.matrix.architect.job.JobStatus.CANCELLED;
import static ai.matrix.architect.job.JobStatus.CREATED;
import static ai.matrix.architect.job.JobStatus.FAILED;
import static ai.matrix.architect.job.JobStatus.QUEUED;
import static ai.matrix.architect.job.JobStatus.REJECTED;
import static ai.matrix.architect.job.JobStatus.RUNNING;
import static ai.matrix.architect.job.JobStatus.SUCCEEDED;

import java.util.EnumSet;
import java.util.Set;

/**
 * The job's state machine as a table: each trigger names the statuses it may start from, the status it leads
 * to, and the stage status its event reports. {@link JobStateMachine} is the only place that applies it.
 */
public enum JobTrigger {
    /** A client asks a created job to run; PLAN is queued. */
    EXECUTE(QUEUED, StageStatus.PENDING, CREATED),
    /** A worker starts a stage. */
    START_STAGE(RUNNING, StageStatus.RUNNING, QUEUED, RUNNING),
    /** A stage failed transiently and goes back to pending for another attempt. */
    RETRY_STAGE(RUNNING, StageStatus.PENDING, RUNNING),
    /** A stage succeeded and the job moves on. */
    STAGE_SUCCEEDED(RUNNING, StageStatus.SUCCEEDED, RUNNING),
    /** A stage did not apply and the job moves on. */
    STAGE_SKIPPED(RUNNING, StageStatus.SKIPPED, RUNNING),
    /** The last stage finished. */
    FINISH(SUCCEEDED, null, RUNNING),
    /** A stage failed for good. */
    FAIL(FAILED, StageStatus.FAILED, RUNNING),
    /** A stage asks people to decide; no worker is held while the job waits. */
    AWAIT_APPROVAL(AWAITING_APPROVAL, StageStatus.RUNNING, RUNNING),
    /** Enough people approved; the waiting stage succeeded and the next one is queued. */
    APPROVE(RUNNING, StageStatus.SUCCEEDED, AWAITING_APPROVAL),
    /** Someone rejected the waiting job. */
    REJECT(REJECTED, StageStatus.FAILED, AWAITING_APPROVAL),
    /** Nobody decided before the wait expired. */
    EXPIRE(REJECTED, StageStatus.FAILED, AWAITING_APPROVAL),
    /** The job is cancelled while no stage of it runs. */
    CANCEL(CANCELLED, null, CREATED, QUEUED, RUNNING, AWAITING_APPROVAL),
    /** The job is cancelled while a stage ran; that stage failed. */
    CANCEL_RUNNING_STAGE(CANCELLED, StageStatus.FAILED, QUEUED, RUNNING),
    /** A failed or cancelled job resumes at its first unfinished stage. */
    RETRY(QUEUED, StageStatus.PENDING, FAILED, CANCELLED);

    private final Set<JobStatus> from;
    private final JobStatus to;
    private final StageStatus stageStatus;

    JobTrigger(JobStatus to, StageStatus stageStatus, JobStatus first, JobStatus... more) {
        this.from = EnumSet.of(first, more);
        this.to = to;
        this.stageStatus = stageStatus;
    }

    /** The statuses this trigger may start from. */
    public Set<JobStatus> from() {
        return EnumSet.copyOf(from);
    }

    public JobStatus to() {
        return to;
    }

    /** The stage status the event reports, or null when the event names no stage status. */
    public StageStatus stageStatus() {
        return stageStatus;
    }

    public boolean allows(JobStatus current) {
        return from.contains(current);
    }
}
