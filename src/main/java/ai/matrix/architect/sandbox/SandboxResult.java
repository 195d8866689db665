package ai.matrix.architect.sandbox;

import java.time.Duration;

/**
 * How a run ended.
 *
 * @param exitCode the command's exit code (or 128+signal when killed)
 * @param timedOut the wall-clock limit was reached and the process tree killed
 * @param outOfMemory the memory limit was reached and the command killed
 * @param outputTruncated output beyond the cap was dropped
 */
public record SandboxResult(
        int exitCode, boolean timedOut, boolean outOfMemory, boolean outputTruncated, Duration duration) {

    public boolean succeeded() {
        return exitCode == 0 && !timedOut && !outOfMemory;
    }

    /** A sentence saying how the run ended, for logs and stage summaries. */
    public String describe() {
        if (timedOut) return "killed after the time limit of the sandbox";
        if (outOfMemory) return "killed: out of memory";
        return "exit code " + exitCode;
    }
}
