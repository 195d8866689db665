package ai.matrix.architect.engine;

import ai.matrix.architect.job.StageName;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The one db-scheduler task: "run stage S of job J" (instance id {@code J/S}). Transient failures are retried
 * with exponential backoff up to a limit; a worker that dies mid-stage has the execution revived elsewhere
 * once its heartbeats stop; a worker that stops ({@link GracefulStop}) hands its stages back at once.
 */
@Configuration(proxyBeanMethods = false)
class StageTaskConfiguration {
    static final String TASK_NAME = "job-stage";
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);

    @Bean
    OneTimeTask<Void> stageTask(
            @Lazy PipelineEngine engine,
            QueueWakeUp wakeUp,
            @Value("${architect.transient-retry-budget:2m}") Duration budget) {
        return new StageTask(engine, wakeUp, retryTransient(engine, new RetryBudget(FIRST_BACKOFF, budget)));
    }

    /**
     * Runs the stage; a stage handed back by a stopping worker is rescheduled to now and left unpicked (not
     * removed, and not counted as a failure), and the other workers are woken for it.
     */
    static final class StageTask extends OneTimeTask<Void> {
        private final PipelineEngine engine;
        private final QueueWakeUp wakeUp;

        StageTask(PipelineEngine engine, QueueWakeUp wakeUp, FailureHandler<Void> onFailure) {
            super(TASK_NAME, Void.class, onFailure, new DeadExecutionHandler.ReviveDeadExecution<>());
            this.engine = engine;
            this.wakeUp = wakeUp;
        }

        @Override
        public CompletionHandler<Void> execute(TaskInstance<Void> instance, ExecutionContext ctx) {
            try {
                executeOnce(instance, ctx);
                return new CompletionHandler.OnCompleteRemove<>();
            } catch (StageHandedBack handedBack) {
                return (complete, ops) -> {
                    ops.reschedule(complete, Instant.now());
                    wakeUp.stageQueued();
                };
            }
        }

        @Override
        public void executeOnce(TaskInstance<Void> instance, ExecutionContext ctx) {
            String[] parts = instance.getId().split("/", 2);
            engine.execute(parts[0], StageName.valueOf(parts[1]));
        }
    }

    private static FailureHandler<Void> retryTransient(PipelineEngine engine, RetryBudget budget) {
        return (complete, ops) -> {
            String[] parts = complete.getExecution().taskInstance.getId().split("/", 2);
            int failures = complete.getExecution().consecutiveFailures + 1;
            String reason = complete.getCause().map(Throwable::getMessage).orElse("unknown failure");
            var wait = budget.nextWait(failures);
            if (wait.isEmpty()) {
                ops.remove();
                engine.giveUp(parts[0], StageName.valueOf(parts[1]), reason, failures, budget.waited(failures));
            } else {
                ops.reschedule(complete, Instant.now().plus(wait.get()));
            }
        };
    }
}
