package ai.matrix.architect.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.core.IntervalFunction;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

class CheckpointRetryTest {

    @Test
    void aWriteIsRetriedWhileTheDatabaseIsUnreachableAndThenSucceeds() {
        CheckpointRetry retry = new CheckpointRetry(Duration.ofSeconds(2));
        AtomicInteger calls = new AtomicInteger();
        String saved = retry.write(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new CannotGetJdbcConnectionException("down", new SQLTransientConnectionException("timeout"));
            }
            return "saved";
        });
        assertThat(saved).isEqualTo("saved");
        assertThat(calls).hasValue(3);
    }

    @Test
    void otherFailuresAreNotRetried() {
        CheckpointRetry retry = new CheckpointRetry(Duration.ofSeconds(2));
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry.write(() -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("a bug, not an outage");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void anOutageLongerThanTheBudgetGivesTheStageBack() {
        CheckpointRetry retry = new CheckpointRetry(Duration.ofMillis(600));
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry.write(() -> {
                    calls.incrementAndGet();
                    throw new CannotGetJdbcConnectionException("down");
                }))
                .isInstanceOf(CannotGetJdbcConnectionException.class);
        // waits of 250 and 500 ms cover the 600 ms budget: three attempts
        assertThat(calls).hasValue(3);
    }

    @Test
    void theAttemptsCoverTheBudget() {
        IntervalFunction backoff =
                IntervalFunction.ofExponentialBackoff(CheckpointRetry.FIRST_WAIT, 2.0, CheckpointRetry.LONGEST_WAIT);
        // 0.25 + 0.5 + 1 + 2 + 4 = 7.75 s, then 5 s each: 60 s takes 16 waits
        assertThat(CheckpointRetry.attemptsWithin(Duration.ofSeconds(60), backoff))
                .isEqualTo(17);
    }
}
