package ai.matrix.architect.job;

import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Applies the {@link JobTrigger} table: one call moves the job's status and publishes the matching event in the
 * caller's transaction, so a status change and its event can never be paired wrongly or one without the other.
 */
@Component
public class JobStateMachine {
    private final JobStore store;
    private final JobEvents events;
    private final Clock clock;

    public JobStateMachine(JobStore store, JobEvents events, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Moves the job along {@code trigger} and publishes the event naming {@code stage}; false (and nothing
     * written) when the job is in none of the statuses the trigger starts from.
     */
    public boolean apply(String jobId, JobTrigger trigger, StageName stage) {
        List<JobStatus> from = List.copyOf(trigger.from());
        if (!store.transition(jobId, from, trigger.to(), clock.instant())) return false;
        endingReason(trigger.to()).ifPresent(reason -> store.skipPendingStages(jobId, reason, clock.instant()));
        events.jobChanged(jobId, trigger.to(), stage, trigger.stageStatus());
        return true;
    }

    /**
     * Why the stages a failed job will never reach are skipped (docs/API.md). A cancelled or rejected job keeps
     * them pending: they were not judged, only stopped.
     */
    static java.util.Optional<String> endingReason(JobStatus to) {
        return to == JobStatus.FAILED ? java.util.Optional.of("an earlier stage failed") : java.util.Optional.empty();
    }

    /** Publishes the birth of a job that was just inserted as created. */
    public void created(String jobId) {
        events.jobChanged(jobId, JobStatus.CREATED, null, null);
    }
}
