package ai.matrix.architect.engine;

import java.time.Duration;
import java.util.Optional;

/**
 * How long a stage's transient failures are retried: waits start at {@code firstBackoff} and double, and no wait
 * is started that would take the total waiting past {@code budget}. Permanent failures are never retried (the
 * stage fails at once with its sentence); this is only for the network, registries and the database.
 */
record RetryBudget(Duration firstBackoff, Duration budget) {
    RetryBudget {
        if (firstBackoff.isNegative() || firstBackoff.isZero()) throw new IllegalArgumentException("firstBackoff");
        if (budget.isNegative())
            throw new IllegalArgumentException(
                    "ARCHITECT_TRANSIENT_RETRY_BUDGET (architect.transient-retry-budget) must not be negative");
    }

    /** The wait before the next attempt after {@code failures} failed ones, or empty when the budget is spent. */
    Optional<Duration> nextWait(int failures) {
        Duration next = wait(failures);
        return waited(failures).plus(next).compareTo(budget) > 0 ? Optional.empty() : Optional.of(next);
    }

    /** Total waiting between the first failed attempt and attempt {@code failures}. */
    Duration waited(int failures) {
        Duration total = Duration.ZERO;
        for (int f = 1; f < failures; f++) total = total.plus(wait(f));
        return total;
    }

    private Duration wait(int failures) {
        return firstBackoff.multipliedBy(1L << Math.min(failures - 1, 20));
    }
}
