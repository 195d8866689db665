package ai.matrix.architect.engine;

/** The approver's role is not one the gate's policy allows for this job (HTTP 403). */
public class ApprovalForbiddenException extends RuntimeException {
    public ApprovalForbiddenException(String message) {
        super(message);
    }
}
