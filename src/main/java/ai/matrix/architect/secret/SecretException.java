package ai.matrix.architect.secret;

/** A secret store could not be asked, or refused: the message never holds a secret value. */
public class SecretException extends RuntimeException {
    public SecretException(String message) {
        super(message);
    }

    public SecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
