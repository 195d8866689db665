package ai.matrix.architect.engine;

/**
 * A stage this worker gives back to the queue because it is shutting down: the execution becomes due now and
 * unpicked, so another worker runs the stage at once. Never a failure of the job.
 */
class StageHandedBack extends RuntimeException {
    StageHandedBack(String message) {
        super(message, null, false, false);
    }
}
