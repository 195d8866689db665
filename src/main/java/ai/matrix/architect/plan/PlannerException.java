package ai.matrix.architect.plan;

import ai.matrix.architect.job.FieldError;
import java.util.List;

/**
 * A planner could not give a plan. The message names the provider and, for an HTTP failure, the status; it never
 * holds the API key or the provider's error body (which may echo part of the key).
 */
public class PlannerException extends Exception {
    private final boolean retryable;
    private final List<FieldError> errors;
    /** What was sent and answered before the failure, for the audit artifacts; null when nothing was answered. */
    private final transient Planned partial;

    PlannerException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.errors = List.of();
        this.partial = null;
    }

    PlannerException(String message, List<FieldError> errors, Planned partial) {
        super(message);
        this.retryable = false;
        this.errors = List.copyOf(errors);
        this.partial = partial;
    }

    /** A timeout, a connection failure, a 5xx or a 429: trying again later may succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** Why the answer was not a valid plan; empty for a failure of the provider itself. */
    public List<FieldError> errors() {
        return errors;
    }

    Planned partial() {
        return partial;
    }
}
