package ai.matrix.architect.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host process for a sandbox adapter: hands its merged output to an {@link OutputCap} (so a flood is
 * truncated with a visible note and costs no memory), and kills the whole process tree at the timeout, or
 * when the calling thread is interrupted.
 */
public final class ProcessRunner {
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(10);

    private ProcessRunner() {}

    /** What the adapter does beyond killing the host process tree when the run must stop (a cgroup kill, …). */
    @FunctionalInterface
    public interface Killer {
        void kill();
    }

    public static SandboxResult run(List<String> command, Map<String, String> env, SandboxRequest req)
            throws SandboxException {
        return run(command, env, req, () -> {});
    }

    public static SandboxResult run(List<String> command, Map<String, String> env, SandboxRequest req, Killer killer)
            throws SandboxException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.directory(req.workspace().toFile());
        Instant start = Instant.now();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new SandboxException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // the child may already be gone; nothing to send anyway
        }
        OutputCap cap = new OutputCap(req.limits().maxOutputBytes(), req.output());
        Thread reader = Thread.ofVirtual().name("sandbox-output").start(() -> pump(p.getInputStream(), cap));
        boolean timedOut = false;
        try {
            if (!p.waitFor(req.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                killer.kill();
                killTree(p);
                p.waitFor(10, TimeUnit.SECONDS);
            }
            // processes that escaped the tree (daemonised into a new session) may hold the pipe open
            if (!reader.join(DRAIN_GRACE)) {
                killer.kill();
                reader.join(DRAIN_GRACE);
            }
        } catch (InterruptedException e) {
            killer.kill();
            killTree(p);
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted; the command was killed", e);
        }
        int exit = p.isAlive() ? 137 : p.exitValue();
        if (timedOut) {
            req.output().accept("[matrix-architect] killed after the time limit of " + req.timeout());
        }
        return new SandboxResult(exit, timedOut, false, cap.truncated(), Duration.between(start, Instant.now()));
    }

    private static void pump(InputStream in, OutputCap cap) {
        byte[] buf = new byte[64 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) cap.accept(buf, 0, n);
        } catch (IOException ignored) {
            // the stream closes when the process is killed
        }
        cap.finish();
    }

    /** Kills the process and every descendant still visible from here (children first, so none is re-parented). */
    public static void killTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
