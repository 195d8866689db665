package ai.matrix.architect.job;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Retries a worker's checkpoint write (a stage's outcome, its artifacts' records) while the database cannot be reached (restart, failover), with exponential
 * backoff for a bounded time ({@code architect.checkpoint-retry-for}, default 60 s). The stage's work (a sandboxed
 * build that took minutes) is kept meanwhile; only when the time is up does the write fail and the queue give the
 * stage back to be run again. Any other error is not retried: it is no outage.
 */
@Component
public class CheckpointRetry {
    private static final Logger log = LoggerFactory.getLogger(CheckpointRetry.class);
    static final Duration FIRST_WAIT = Duration.ofMillis(250);
    static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

    private final Retry retry;

    public CheckpointRetry(@Value("${architect.checkpoint-retry-for:60s}") Duration budget) {
        IntervalFunction backoff = IntervalFunction.ofExponentialBackoff(FIRST_WAIT, 2.0, LONGEST_WAIT);
        RetryConfig config = RetryConfig.custom()
                .maxAttempts(attemptsWithin(budget, backoff))
                .intervalFunction(backoff)
                .retryOnException(DatabaseOutage::is)
                .failAfterMaxAttempts(false)
                .build();
        retry = Retry.of("checkpoint", config);
        retry.getEventPublisher()
                .onRetry(e -> log.warn(
                        "checkpoint write failed (database unreachable), attempt {}, next in {} ms: {}",
                        e.getNumberOfRetryAttempts(),
                        e.getWaitInterval().toMillis(),
                        String.valueOf(e.getLastThrowable())));
    }

    /** Resilience4j bounds retries by count: the count whose waits add up to the time budget. */
    static int attemptsWithin(Duration budget, IntervalFunction backoff) {
        long waited = 0;
        int attempts = 1;
        while (waited < budget.toMillis()) {
            waited += backoff.apply(attempts);
            attempts++;
        }
        return attempts;
    }

    public <T> T write(Supplier<T> checkpoint) {
        return Retry.decorateSupplier(retry, checkpoint).get();
    }

    public void write(Runnable checkpoint) {
        write(() -> {
            checkpoint.run();
            return null;
        });
    }
}
