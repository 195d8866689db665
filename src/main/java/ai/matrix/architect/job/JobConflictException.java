package ai.matrix.architect.job;

/** The job is not in a state that allows the requested action (answered with 409). */
public class JobConflictException extends RuntimeException {
    public JobConflictException(String message) {
        super(message);
    }
}
