package ai.matrix.architect.sandbox;

/**
 * Resource caps for one run.
 *
 * @param memoryBytes memory limit of the process tree (files in /tmp count against it where the sandbox uses
 *     cgroups)
 * @param maxProcesses process (pids) limit
 * @param maxOutputBytes output kept before the rest is dropped with a visible note
 * @param maxFileBytes largest file the command may write (in the workspace or /tmp)
 * @param tmpBytes size of the private /tmp
 * @param cpus CPU share (1.0 = one core); 0 means no CPU limit
 */
public record SandboxLimits(
        long memoryBytes, int maxProcesses, long maxOutputBytes, long maxFileBytes, long tmpBytes, double cpus) {

    public SandboxLimits(long memoryBytes, int maxProcesses, long maxOutputBytes, long maxFileBytes) {
        this(memoryBytes, maxProcesses, maxOutputBytes, maxFileBytes, 512L << 20, 2.0);
    }

    public static SandboxLimits defaults() {
        return new SandboxLimits(2L << 30, 512, 16L << 20, 1L << 30, 512L << 20, 2.0);
    }

    public SandboxLimits withMemoryBytes(long bytes) {
        return new SandboxLimits(bytes, maxProcesses, maxOutputBytes, maxFileBytes, tmpBytes, cpus);
    }

    public SandboxLimits withMaxProcesses(int n) {
        return new SandboxLimits(memoryBytes, n, maxOutputBytes, maxFileBytes, tmpBytes, cpus);
    }

    public SandboxLimits withMaxOutputBytes(long bytes) {
        return new SandboxLimits(memoryBytes, maxProcesses, bytes, maxFileBytes, tmpBytes, cpus);
    }

    public SandboxLimits withMaxFileBytes(long bytes) {
        return new SandboxLimits(memoryBytes, maxProcesses, maxOutputBytes, bytes, tmpBytes, cpus);
    }

    public SandboxLimits withTmpBytes(long bytes) {
        return new SandboxLimits(memoryBytes, maxProcesses, maxOutputBytes, maxFileBytes, bytes, cpus);
    }
}
