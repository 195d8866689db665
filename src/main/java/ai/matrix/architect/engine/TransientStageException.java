package ai.matrix.architect.engine;

/** A failure worth retrying later (network, a remote that is down); retried with exponential backoff. */
public class TransientStageException extends RuntimeException {
    public TransientStageException(String message, Throwable cause) {
        super(message, cause);
    }
}
