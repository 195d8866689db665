package ai.matrix.architect.sandbox.bwrap;

import ai.matrix.architect.sandbox.HostMounts;
import ai.matrix.architect.sandbox.ProcessRunner;
import ai.matrix.architect.sandbox.Sandbox;
import ai.matrix.architect.sandbox.SandboxCapabilities;
import ai.matrix.architect.sandbox.SandboxException;
import ai.matrix.architect.sandbox.SandboxLimits;
import ai.matrix.architect.sandbox.SandboxRequest;
import ai.matrix.architect.sandbox.SandboxResult;
import ai.matrix.architect.sandbox.egress.EgressProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * bubblewrap: every namespace unshared (network included unless the job allows it) and no nested user
 * namespaces, the host's /usr and an allow-list of /etc read-only (see {@link HostMounts}), a private /dev and
 * a size-capped private /tmp, only the workspace writable, no capabilities, an unprivileged user, a new
 * session, a cleared environment, and the whole tree killed with its parent.
 *
 * <p>Limits: where the cgroup v1 hierarchy is writable (root on these machines) each run gets its own memory,
 * pids and cpu cgroup, joined before bubblewrap starts, so a fork bomb hits the pids limit and a memory hog is
 * OOM-killed and reported as such; {@code prlimit} adds file-size, CPU-time, open-file and core limits. Without
 * cgroups the process count falls back to {@code RLIMIT_NPROC}, which counts every process of the server's
 * user, so memory and processes are then only loosely bounded: {@link #capabilities()} says so.
 */
public class BwrapSandbox implements Sandbox {
    private final String executable;
    private final boolean cgroups;

    public BwrapSandbox(String executable) {
        this.executable = executable;
        this.cgroups = CgroupV1.available();
        if (cgroups) CgroupV1.sweepAbandoned(CgroupV1.ABANDONED_AFTER);
    }

    /** True when bubblewrap is installed and can create its namespaces on this machine. */
    public static boolean works(String executable) {
        try {
            List<String> cmd = new ArrayList<>(List.of(executable, "--ro-bind", "/usr", "/usr"));
            cmd.addAll(usrLinks());
            cmd.addAll(List.of(
                    "--unshare-all",
                    "--unshare-user",
                    "--disable-userns",
                    "--uid",
                    "1000",
                    "--gid",
                    "1000",
                    "--cap-drop",
                    "ALL",
                    "--die-with-parent",
                    "/usr/bin/true"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
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
    public boolean supportsEgressProxy() {
        return true;
    }

    @Override
    public boolean mountsCaches() {
        return true;
    }

    @Override
    public boolean mountsSecretFiles() {
        return true;
    }

    @Override
    public SandboxCapabilities capabilities() {
        return new SandboxCapabilities(true, true, true, cgroups);
    }

    @Override
    public SandboxResult run(SandboxRequest req) throws SandboxException {
        Optional<CgroupV1> cgroup = cgroups ? CgroupV1.create(req.limits()) : Optional.empty();
        try {
            List<String> cmd = new ArrayList<>();
            if (cgroup.isPresent()) {
                // join the run's cgroups, then become prlimit, then bubblewrap: nothing runs outside the limits
                StringBuilder join = new StringBuilder();
                for (Path f : cgroup.get().procsFiles())
                    join.append("echo $$ > ").append(f).append(" && ");
                cmd.addAll(List.of("/bin/sh", "-c", join + "exec \"$@\"", "sandbox"));
            }
            cmd.addAll(prlimit(req));
            cmd.addAll(bwrapArgs(req));
            SandboxResult r = ProcessRunner.run(
                    cmd, Map.of("PATH", "/usr/bin:/bin"), req, () -> cgroup.ifPresent(CgroupV1::killAll));
            boolean oom = cgroup.map(CgroupV1::oomKilled).orElse(false);
            if (oom)
                req.output()
                        .accept("[matrix-architect] killed: out of memory (limit "
                                + req.limits().memoryBytes() + " bytes)");
            return oom ? new SandboxResult(r.exitCode(), r.timedOut(), true, r.outputTruncated(), r.duration()) : r;
        } finally {
            cgroup.ifPresent(CgroupV1::close);
        }
    }

    private List<String> prlimit(SandboxRequest req) {
        SandboxLimits l = req.limits();
        long cpuSeconds = Math.max(1, req.timeout().toSeconds() * Math.max(1, (long) Math.ceil(l.cpus()))) + 1;
        List<String> out = new ArrayList<>(
                List.of("prlimit", "--fsize=" + l.maxFileBytes(), "--cpu=" + cpuSeconds, "--nofile=4096", "--core=0"));
        if (!cgroups) out.add("--nproc=" + l.maxProcesses());
        out.add("--");
        return out;
    }

    List<String> bwrapArgs(SandboxRequest req) {
        List<String> cmd = new ArrayList<>(List.of(executable));
        cmd.addAll(List.of("--ro-bind", "/usr", "/usr"));
        cmd.addAll(usrLinks());
        for (Path etc : HostMounts.etcEntries()) cmd.addAll(List.of("--ro-bind", etc.toString(), etc.toString()));
        cmd.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
        cmd.addAll(List.of("--size", Long.toString(req.limits().tmpBytes()), "--perms", "1777", "--tmpfs", "/tmp"));
        cmd.addAll(List.of("--bind", req.workspace().toString(), SandboxRequest.WORKSPACE_MOUNT));
        if (req.cacheDir() != null)
            cmd.addAll(List.of("--bind", req.cacheDir().toString(), SandboxRequest.CACHE_MOUNT));
        if (req.egressSocket() != null) {
            cmd.addAll(List.of("--ro-bind", req.egressSocket().toString(), EgressProxy.SANDBOX_SOCKET));
        }
        if (req.secretsDir() != null) {
            cmd.addAll(List.of("--ro-bind", req.secretsDir().toString(), SandboxRequest.SECRETS_MOUNT));
        }
        cmd.addAll(List.of("--chdir", SandboxRequest.WORKSPACE_MOUNT, "--remount-ro", "/"));
        cmd.addAll(List.of("--unshare-all", "--unshare-user", "--disable-userns", "--uid", "1000", "--gid", "1000"));
        // with an egress proxy the run keeps its own empty network namespace: the proxy is the only way out
        if (req.allowNetwork() && req.egressSocket() == null) cmd.add("--share-net");
        cmd.addAll(List.of("--cap-drop", "ALL", "--die-with-parent", "--new-session", "--clearenv"));
        cmd.addAll(List.of("--hostname", "sandbox"));
        cmd.addAll(List.of("--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin"));
        cmd.addAll(List.of("--setenv", "HOME", "/tmp", "--setenv", "LANG", "C.UTF-8", "--setenv", "TMPDIR", "/tmp"));
        Map<String, String> env = new java.util.TreeMap<>(req.env());
        if (req.egressSocket() != null) env.putAll(SandboxRequest.proxyEnv());
        for (Map.Entry<String, String> e : env.entrySet()) {
            cmd.addAll(List.of("--setenv", e.getKey(), e.getValue()));
        }
        cmd.addAll(List.of("/bin/sh", "-c", req.effectiveCommand()));
        return cmd;
    }

    private static List<String> usrLinks() {
        List<String> out = new ArrayList<>();
        for (String dir : HostMounts.USR_LINKS) {
            if (Files.isDirectory(Path.of("/usr", dir))) out.addAll(List.of("--symlink", "usr/" + dir, "/" + dir));
        }
        return out;
    }
}
