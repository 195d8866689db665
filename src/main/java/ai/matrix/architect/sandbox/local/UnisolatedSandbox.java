package ai.matrix.architect.sandbox.local;

import ai.matrix.architect.sandbox.ProcessRunner;
import ai.matrix.architect.sandbox.Sandbox;
import ai.matrix.architect.sandbox.SandboxCapabilities;
import ai.matrix.architect.sandbox.SandboxException;
import ai.matrix.architect.sandbox.SandboxRequest;
import ai.matrix.architect.sandbox.SandboxResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * No isolation at all: the command runs as the server's user with the server's rights. Only for development,
 * only when chosen explicitly ({@code ARCHITECT_SANDBOX=none}); the server warns at start-up and on every job.
 */
public class UnisolatedSandbox implements Sandbox {
    @Override
    public String name() {
        return "none";
    }

    @Override
    public SandboxCapabilities capabilities() {
        return new SandboxCapabilities(false, false, false, false);
    }

    @Override
    public SandboxResult run(SandboxRequest req) throws SandboxException {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", System.getProperty("java.io.tmpdir"));
        env.put("LANG", "C.UTF-8");
        env.putAll(req.env());
        return ProcessRunner.run(List.of("/bin/sh", "-c", req.command()), env, req);
    }
}
