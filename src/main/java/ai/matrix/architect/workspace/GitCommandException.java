package ai.matrix.architect.workspace;

/** A git command failed; the message carries git's own explanation. */
public class GitCommandException extends RuntimeException {
    private final boolean transientFailure;

    public GitCommandException(String message, boolean transientFailure) {
        super(message);
        this.transientFailure = transientFailure;
    }

    /** True when the failure looks like the network or the remote, worth retrying. */
    public boolean isTransient() {
        return transientFailure;
    }
}
