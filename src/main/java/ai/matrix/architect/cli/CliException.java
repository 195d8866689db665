package ai.matrix.architect.cli;

/** A failure to report to the user as one sentence, without a stack trace, with the exit code it ends with. */
class CliException extends RuntimeException {
    private final int exitCode;

    CliException(String message) {
        this(message, ExitCodes.FAILED);
    }

    CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
