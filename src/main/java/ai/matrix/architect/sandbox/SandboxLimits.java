package ai.matrix.architect.sandbox;

/**
 * Resource caps for one run.
 *
 * @param memoryBytes memory limit of the process tree
 * @param maxProcesses process (pids) limit
 * @param maxOutputBytes output kept before the rest is dropped with a visible note
 * @param maxFileBytes largest file the command may write
 */
public record SandboxLimits(long memoryBytes, int maxProcesses, long maxOutputBytes, long maxFileBytes) {

    public static SandboxLimits defaults() {
        return new SandboxLimits(2L << 30, 512, 16L << 20, 1L << 30);
    }
}
