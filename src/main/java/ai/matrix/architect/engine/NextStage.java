package ai.matrix.architect.engine;

import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobStateMachine;
import ai.matrix.architect.job.JobStatus;
import ai.matrix.architect.job.JobStore;
import ai.matrix.architect.job.JobTrigger;
import ai.matrix.architect.job.StageName;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** What follows a finished stage: the next stage is queued, or the job succeeds after the last one. */
@Component
class NextStage {
    private final JobStore store;
    private final JobStateMachine machine;
    private final JobQueue queue;

    NextStage(JobStore store, JobStateMachine machine, JobQueue queue) {
        this.store = store;
        this.machine = machine;
        this.queue = queue;
    }

    /** Schedules the stage after {@code done}, or finishes the job when it was the last. Runs inside a transaction. */
    JobStatus after(Job job, StageName done) {
        Optional<StageName> next = done.next();
        if (next.isEmpty()) {
            machine.apply(job.id(), JobTrigger.FINISH, done);
            return JobStatus.SUCCEEDED;
        }
        store.setStage(job.id(), next.get());
        queue.enqueue(job.id(), next.get(), job.priority());
        return JobStatus.RUNNING;
    }
}
