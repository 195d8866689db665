package ai.matrix.architect.cli;

/**
 * The exit codes scripts can branch on (documented in the README): 0 succeeded, 1 failed, 2 usage error, 3 waiting
 * for approval (or for another person), 4 cancelled or rejected, 5 server unreachable or unauthorised.
 */
final class ExitCodes {
    static final int SUCCEEDED = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int WAITING = 3;
    static final int CANCELLED = 4;
    static final int UNREACHABLE = 5;

    private ExitCodes() {}

    /** The code for a job in this status (a job still queued or running counts as waiting). */
    static int ofJobStatus(String status) {
        return switch (status) {
            case "succeeded" -> SUCCEEDED;
            case "failed" -> FAILED;
            case "cancelled", "rejected" -> CANCELLED;
            default -> WAITING;
        };
    }

    /** The code for an HTTP error answer: 401 and 403 are "unauthorised", the rest "failed". */
    static int ofHttpStatus(int status) {
        return status == 401 || status == 403 ? UNREACHABLE : FAILED;
    }
}
