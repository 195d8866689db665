package ai.matrix.architect.notify;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/** The webhook tasks: a recurring dispatcher and a one-time delivery per event and URL, retried with backoff. */
@Configuration(proxyBeanMethods = false)
class NotifyConfiguration {
    private static final Logger log = LoggerFactory.getLogger(NotifyConfiguration.class);

    @Bean
    RecurringTask<Void> webhookDispatchTask(NotifyProperties props, @Lazy Webhooks webhooks) {
        return Tasks.recurring("webhook-dispatch", FixedDelay.of(props.dispatchInterval()))
                .execute((instance, ctx) -> webhooks.dispatch());
    }

    @Bean
    OneTimeTask<Void> webhookDeliveryTask(NotifyProperties props, @Lazy Webhooks webhooks) {
        FailureHandler<Void> backoff = (complete, ops) -> {
            int failures = complete.getExecution().consecutiveFailures + 1;
            String id = complete.getExecution().taskInstance.getId();
            String reason = complete.getCause().map(Throwable::getMessage).orElse("unknown failure");
            if (failures >= props.maxAttempts()) {
                log.warn("webhook delivery {} given up after {} attempts: {}", id, failures, reason);
                ops.remove();
            } else {
                Duration wait = props.firstBackoff().multipliedBy(1L << Math.min(failures - 1, 16));
                log.info("webhook delivery {} failed (attempt {}), retrying in {}: {}", id, failures, wait, reason);
                ops.reschedule(complete, Instant.now().plus(wait));
            }
        };
        return Tasks.oneTime("webhook-delivery").onFailure(backoff).execute((instance, ctx) -> {
            try {
                webhooks.deliver(instance.getId());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeException(e);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
