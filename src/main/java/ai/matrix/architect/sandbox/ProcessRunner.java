package ai.matrix.architect.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host process for a sandbox adapter: streams its merged output line by line up to a byte cap (then
 * drains and drops the rest with a visible note), and kills the whole process tree at the timeout.
 */
public final class ProcessRunner {
    private ProcessRunner() {}

    public static SandboxResult run(List<String> command, Map<String, String> env, SandboxRequest req)
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
        long cap = req.limits().maxOutputBytes();
        boolean[] truncated = {false};
        Thread reader = Thread.ofVirtual().start(() -> {
            long seen = 0;
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                char[] buf = new char[8192];
                StringBuilder line = new StringBuilder();
                int n;
                while ((n = r.read(buf)) >= 0) {
                    for (int i = 0; i < n; i++) {
                        char c = buf[i];
                        seen++;
                        if (seen > cap) {
                            if (!truncated[0]) {
                                truncated[0] = true;
                                if (!line.isEmpty()) req.output().accept(line.toString());
                                line.setLength(0);
                                req.output()
                                        .accept("[matrix-architect] output truncated after " + cap
                                                + " bytes; the rest was dropped");
                            }
                            continue;
                        }
                        if (c == '\n') {
                            req.output().accept(line.toString());
                            line.setLength(0);
                        } else if (line.length() < 64 * 1024) {
                            line.append(c);
                        }
                    }
                }
                if (!line.isEmpty() && !truncated[0]) req.output().accept(line.toString());
            } catch (IOException ignored) {
                // the stream closes when the process is killed
            }
        });
        boolean timedOut = false;
        try {
            if (!p.waitFor(req.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                killTree(p);
                p.waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            killTree(p);
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted; the command was killed", e);
        }
        int exit = p.isAlive() ? 137 : p.exitValue();
        if (timedOut) {
            req.output().accept("[matrix-architect] killed after the time limit of " + req.timeout());
        }
        return new SandboxResult(exit, timedOut, false, truncated[0], Duration.between(start, Instant.now()));
    }

    public static void killTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
