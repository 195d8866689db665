package ai.matrix.architect.deploy;

/**
 * The target refused or failed what DEPLOY asked of it; the message says what and where, and {@link #partial}
 * what was done before it failed (a command's exit code and output), when anything was.
 */
public class DeployException extends Exception {
    private final transient Deployed partial;

    public DeployException(String message) {
        this(message, (Deployed) null);
    }

    public DeployException(String message, Throwable cause) {
        super(message, cause);
        this.partial = null;
    }

    public DeployException(String message, Deployed partial) {
        super(message);
        this.partial = partial;
    }

    public Deployed partial() {
        return partial;
    }
}
