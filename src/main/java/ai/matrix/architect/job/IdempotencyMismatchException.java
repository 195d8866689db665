package ai.matrix.architect.job;

/** An Idempotency-Key sent again with a different request body (answered with 422). */
public class IdempotencyMismatchException extends RuntimeException {
    public IdempotencyMismatchException(String message) {
        super(message);
    }
}
