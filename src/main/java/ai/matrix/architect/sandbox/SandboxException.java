package ai.matrix.architect.sandbox;

/** The sandbox itself could not run the command (not a failing command). */
public class SandboxException extends Exception {
    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
