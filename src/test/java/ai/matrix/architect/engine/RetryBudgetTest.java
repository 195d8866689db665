package ai.matrix.architect.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {
    @Test
    void waitsDoubleUntilTheNextOneWouldOverrunTheBudget() {
        RetryBudget b = new RetryBudget(Duration.ofSeconds(5), Duration.ofMinutes(2));
        assertThat(b.nextWait(1)).hasValue(Duration.ofSeconds(5));
        assertThat(b.nextWait(2)).hasValue(Duration.ofSeconds(10));
        assertThat(b.nextWait(3)).hasValue(Duration.ofSeconds(20));
        assertThat(b.nextWait(4)).hasValue(Duration.ofSeconds(40)); // 75 s waited in all
        assertThat(b.nextWait(5)).isEmpty(); // another 80 s would make 155 s
        assertThat(b.waited(5)).isEqualTo(Duration.ofSeconds(75));
    }

    @Test
    void aZeroBudgetRetriesNothing() {
        RetryBudget b = new RetryBudget(Duration.ofSeconds(5), Duration.ZERO);
        assertThat(b.nextWait(1)).isEmpty();
        assertThat(b.waited(1)).isZero();
    }
}
