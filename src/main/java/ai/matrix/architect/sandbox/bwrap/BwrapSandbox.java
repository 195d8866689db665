package ai.matrix.architect.sandbox.bwrap;

import ai.matrix.architect.sandbox.ProcessRunner;
import ai.matrix.architect.sandbox.Sandbox;
import ai.matrix.architect.sandbox.SandboxCapabilities;
import ai.matrix.architect.sandbox.SandboxException;
import ai.matrix.architect.sandbox.SandboxRequest;
import ai.matrix.architect.sandbox.SandboxResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * bubblewrap: every namespace unshared (network included unless the job allows it), the host's /usr and /etc
 * read-only, a private /tmp and /dev, only the workspace writable, no capabilities, an unprivileged user, and
 * the whole tree killed with its parent.
 */
public class BwrapSandbox implements Sandbox {
    private final String executable;

    public BwrapSandbox(String executable) {
        this.executable = executable;
    }

    /** True when bubblewrap is installed and can create its namespaces on this machine. */
    public static boolean works(String executable) {
        try {
            Process p = new ProcessBuilder(
                            executable,
                            "--ro-bind",
                            "/usr",
                            "/usr",
                            "--symlink",
                            "usr/bin",
                            "/bin",
                            "--symlink",
                            "usr/lib",
                            "/lib",
                            "--symlink",
                            "usr/lib64",
                            "/lib64",
                            "--unshare-all",
                            "--unshare-user",
                            "--uid",
                            "1000",
                            "--gid",
                            "1000",
                            "--cap-drop",
                            "ALL",
                            "--die-with-parent",
                            "/bin/true")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String name() {
        return "bwrap";
    }

    @Override
    public SandboxCapabilities capabilities() {
        return new SandboxCapabilities(true, true, true, false);
    }

    @Override
    public SandboxResult run(SandboxRequest req) throws SandboxException {
        List<String> cmd = new ArrayList<>(List.of(executable));
        cmd.addAll(List.of("--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"));
        cmd.addAll(List.of("--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin"));
        cmd.addAll(List.of("--symlink", "usr/lib", "/lib"));
        if (Files.exists(Path.of("/usr/lib64"))) cmd.addAll(List.of("--symlink", "usr/lib64", "/lib64"));
        cmd.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"));
        cmd.addAll(List.of("--bind", req.workspace().toString(), SandboxRequest.WORKSPACE_MOUNT));
        cmd.addAll(List.of("--chdir", SandboxRequest.WORKSPACE_MOUNT, "--remount-ro", "/"));
        cmd.addAll(List.of("--unshare-all", "--unshare-user", "--uid", "1000", "--gid", "1000"));
        if (req.allowNetwork()) cmd.add("--share-net");
        cmd.addAll(List.of("--cap-drop", "ALL", "--die-with-parent", "--new-session", "--clearenv"));
        cmd.addAll(List.of("--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin"));
        cmd.addAll(List.of("--setenv", "HOME", "/tmp", "--setenv", "LANG", "C.UTF-8", "--setenv", "TMPDIR", "/tmp"));
        for (Map.Entry<String, String> e : req.env().entrySet()) {
            cmd.addAll(List.of("--setenv", e.getKey(), e.getValue()));
        }
        cmd.addAll(List.of("/bin/sh", "-c", req.command()));
        return ProcessRunner.run(cmd, Map.of("PATH", "/usr/bin:/bin"), req);
    }
}
