package ai.matrix.architect.engine;

import ai.matrix.architect.job.Priority;
import ai.matrix.architect.job.StageName;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Asks for work: puts a job's stage on the durable queue with the job's priority. Called inside the caller's
 * transaction, so that the stage is scheduled exactly when the state change that calls for it commits, and a
 * worker is woken for it right after that commit ({@link QueueWakeUp}).
 */
@Component
public class JobQueue {
    private final SchedulerClient scheduler;
    private final OneTimeTask<Void> stageTask;
    private final QueueWakeUp wakeUp;

    public JobQueue(
            @Lazy SchedulerClient scheduler, @Qualifier("stageTask") OneTimeTask<Void> stageTask, QueueWakeUp wakeUp) {
        this.scheduler = scheduler;
        this.stageTask = stageTask;
        this.wakeUp = wakeUp;
    }

    public void enqueue(String jobId, StageName stage, Priority priority) {
        scheduler.scheduleIfNotExists(stageTask
                .instanceBuilder(instanceId(jobId, stage))
                .priority(priority.weight())
                .scheduledTo(Instant.now()));
        wakeUp.stageQueued();
    }

    /** Removes a stage that has not started yet; false when there was none or it is already running. */
    public boolean withdraw(String jobId, StageName stage) {
        TaskInstanceId id = TaskInstanceId.of(StageTaskConfiguration.TASK_NAME, instanceId(jobId, stage));
        var existing = scheduler.getScheduledExecution(id);
        if (existing.isEmpty() || existing.get().isPicked()) return false;
        try {
            scheduler.cancel(id);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static String instanceId(String jobId, StageName stage) {
        return jobId + "/" + stage.name();
    }
}
