package ai.matrix.architect.workspace;

/** A plan step cannot be applied to the workspace; the message says why, for the job's error. */
public class WorkspaceException extends RuntimeException {
    public WorkspaceException(String message) {
        super(message);
    }
}
