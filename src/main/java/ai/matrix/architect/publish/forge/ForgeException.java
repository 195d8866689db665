package ai.matrix.architect.publish.forge;

/** A code host's API refused a call or could not be reached; {@code status} is 0 when nothing answered. */
public class ForgeException extends RuntimeException {
    private final int status;
    private final String answer;

    public ForgeException(String message, int status, String answer) {
        super(message);
        this.status = status;
        this.answer = answer == null ? "" : answer;
    }

    public int status() {
        return status;
    }

    /** The host's answer as it sent it (capped), for error messages. */
    public String answer() {
        return answer;
    }

    /** Worth trying again later: no answer, or a 5xx / 429. */
    public boolean isTransient() {
        return status == 0 || status == 429 || status >= 500;
    }
}
