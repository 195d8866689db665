package ai.matrix.architect.housekeeping;

import ai.matrix.architect.config.ArchitectProperties;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;

/**
 * When housekeeping runs: the shared retention sweep as a db-scheduler recurring task (one process at a time),
 * and each worker's own workspace sweep on a local timer, since workspaces live on the worker's disk.
 */
@Configuration(proxyBeanMethods = false)
class HousekeepingConfiguration implements AutoCloseable {
    private ScheduledExecutorService timer;

    @Bean
    RecurringTask<Void> housekeepingTask(HousekeepingProperties props, @Lazy Housekeeping housekeeping) {
        return Tasks.recurring("housekeeping", FixedDelay.of(props.interval())).execute((instance, ctx) -> {
            if (props.enabled()) housekeeping.sweepRetention();
        });
    }

    @EventListener(ApplicationReadyEvent.class)
    void startWorkspaceSweeps(ApplicationReadyEvent ready) {
        ArchitectProperties props = ready.getApplicationContext().getBean(ArchitectProperties.class);
        HousekeepingProperties hk = ready.getApplicationContext().getBean(HousekeepingProperties.class);
        if (!props.runsWorker() || !hk.enabled()) return;
        Housekeeping housekeeping = ready.getApplicationContext().getBean(Housekeeping.class);
        long every = hk.interval().toMillis();
        timer = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("workspace-sweeper").unstarted(r));
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        housekeeping.sweepWorkspaces();
                    } catch (RuntimeException e) {
                        LoggerFactory.getLogger(Housekeeping.class).warn("workspace sweep failed", e);
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (timer != null) timer.shutdownNow();
    }
}
