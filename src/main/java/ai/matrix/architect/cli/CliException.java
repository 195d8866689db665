package ai.matrix.architect.cli;

/** A failure to report to the user as one sentence, without a stack trace. */
class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }
}
