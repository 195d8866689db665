package ai.matrix.architect.sandbox.docker;

import ai.matrix.architect.sandbox.HostMounts;
import ai.matrix.architect.sandbox.OutputCap;
import ai.matrix.architect.sandbox.Sandbox;
import ai.matrix.architect.sandbox.SandboxCapabilities;
import ai.matrix.architect.sandbox.SandboxException;
import ai.matrix.architect.sandbox.SandboxLimits;
import ai.matrix.architect.sandbox.SandboxRequest;
import ai.matrix.architect.sandbox.SandboxResult;
import ai.matrix.architect.sandbox.egress.EgressProxy;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Docker via docker-java: one container per run with no network (unless the job allows it), a read-only root, a
 * size-capped tmpfs /tmp, the workspace bind-mounted writable at /workspace, memory (no swap), CPU and pids
 * limits, a file-size ulimit, every capability dropped, no-new-privileges, the engine's default seccomp
 * profile, and a non-root user. Output is streamed through an attach (the container has no log driver, so a
 * flood costs the engine no disk) and capped; the wall-clock timeout kills the container; an OOM kill is
 * reported as such. Containers carry {@link #LABEL} and a deadline label so that {@link DockerReaper} can
 * remove any left behind by a crashed worker.
 *
 * <p>When the server runs as root, the run's user is {@value #SANDBOX_UID} and the workspace is handed to it
 * (chown) before the run; otherwise the run uses the server's own uid.
 */
public class DockerSandbox implements Sandbox {
    public static final String LABEL = "ai.matrix.architect.sandbox";
    public static final String LABEL_OWNER = "ai.matrix.architect.owner";
    public static final String LABEL_DEADLINE = "ai.matrix.architect.deadline";
    static final int SANDBOX_UID = 1000;
    private static final Duration REAP_GRACE = Duration.ofMinutes(2);
    private static final Set<String> IMAGE_OWN_ETC = Set.of("passwd", "group", "hostname", "hosts");

    private final DockerClient client;
    private final DockerSandboxProperties props;
    private final String owner = UUID.randomUUID().toString();

    public DockerSandbox(DockerClient client, DockerSandboxProperties props) {
        this.client = client;
        this.props = props;
    }

    @Override
    public String name() {
        return "docker";
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
        return new SandboxCapabilities(true, true, true, true);
    }

    /** Label value naming this sandbox instance's containers. */
    public String owner() {
        return owner;
    }

    @Override
    public SandboxResult run(SandboxRequest req) throws SandboxException {
        String image = req.image() != null ? req.image() : props.image();
        boolean hostImage = SandboxImages.HOST_IMAGE.equals(image);
        if (hostImage) {
            SandboxImages.ensureHostImage(client);
        } else if (!SandboxImages.exists(client, image)) {
            throw new SandboxException("the image " + image + " is not on this Docker engine; build or load it"
                    + " there first (no registry is pulled from)");
        }
        String user = prepareWorkspace(req);
        Instant start = Instant.now();
        String id;
        try {
            id = client.createContainerCmd(image)
                    .withName("matrix-architect-sbx-" + UUID.randomUUID())
                    .withLabels(Map.of(
                            LABEL,
                            "true",
                            LABEL_OWNER,
                            owner,
                            LABEL_DEADLINE,
                            Long.toString(
                                    start.plus(req.timeout()).plus(REAP_GRACE).toEpochMilli())))
                    .withCmd("/bin/sh", "-c", req.effectiveCommand())
                    .withEnv(env(req))
                    .withWorkingDir(SandboxRequest.WORKSPACE_MOUNT)
                    .withUser(user)
                    .withHostName("sandbox")
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .withAttachStdin(false)
                    .withTty(false)
                    .withHostConfig(hostConfig(req, hostImage))
                    .exec()
                    .getId();
        } catch (RuntimeException e) {
            throw new SandboxException("docker could not create the sandbox container: " + e.getMessage(), e);
        }
        try {
            return runCreated(id, req, start);
        } finally {
            remove(id);
        }
    }

    private SandboxResult runCreated(String id, SandboxRequest req, Instant start) throws SandboxException {
        OutputCap cap = new OutputCap(req.limits().maxOutputBytes(), req.output());
        ResultCallback.Adapter<Frame> attach = outputInto(cap);
        boolean timedOut = false;
        try {
            client.attachContainerCmd(id)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withFollowStream(true)
                    .withLogs(false)
                    .exec(attach);
            attach.awaitStarted(30, TimeUnit.SECONDS);
            client.startContainerCmd(id).exec();
            WaitContainerResultCallback wait = client.waitContainerCmd(id).exec(new WaitContainerResultCallback());
            try {
                wait.awaitStatusCode(req.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (DockerClientException e) {
                // docker-java reports an interrupted wait (a cancelled job) this way too, with the interrupt cleared
                if (e.getCause() instanceof InterruptedException interrupted) throw interrupted;
                timedOut = true;
                kill(id);
                client.waitContainerCmd(id)
                        .exec(new WaitContainerResultCallback())
                        .awaitStatusCode(30, TimeUnit.SECONDS);
            }
            attach.awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            kill(id);
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted; the container was killed", e);
        } catch (RuntimeException e) {
            kill(id);
            throw new SandboxException("docker could not run the sandbox container: " + e.getMessage(), e);
        } finally {
            try {
                attach.close();
            } catch (IOException ignored) {
                // the stream is gone with the container
            }
        }
        cap.finish();
        return result(id, req, cap, timedOut, start);
    }

    /** Copies the container's stdout and stderr into {@code cap}, ending a partial line when the stream changes. */
    private static ResultCallback.Adapter<Frame> outputInto(OutputCap cap) {
        return new ResultCallback.Adapter<>() {
            private StreamType last;

            @Override
            public void onNext(Frame frame) {
                byte[] payload = frame.getPayload();
                if (payload == null) return;
                if (last != null && frame.getStreamType() != last) cap.breakLine();
                last = frame.getStreamType();
                cap.accept(payload, 0, payload.length);
            }
        };
    }

    private SandboxResult result(String id, SandboxRequest req, OutputCap cap, boolean timedOut, Instant start) {
        InspectContainerResponse.ContainerState state =
                client.inspectContainerCmd(id).exec().getState();
        int exit =
                state.getExitCodeLong() == null ? 137 : state.getExitCodeLong().intValue();
        boolean oom = Boolean.TRUE.equals(state.getOOMKilled());
        if (timedOut) req.output().accept("[matrix-architect] killed after the time limit of " + req.timeout());
        if (oom) {
            req.output()
                    .accept("[matrix-architect] killed: out of memory (limit "
                            + req.limits().memoryBytes() + " bytes)");
        }
        return new SandboxResult(exit, timedOut, oom, cap.truncated(), Duration.between(start, Instant.now()));
    }

    private HostConfig hostConfig(SandboxRequest req, boolean hostImage) {
        SandboxLimits l = req.limits();
        List<Bind> binds = new ArrayList<>();
        binds.add(new Bind(req.workspace().toString(), new Volume(SandboxRequest.WORKSPACE_MOUNT), AccessMode.rw));
        if (req.cacheDir() != null) {
            binds.add(new Bind(req.cacheDir().toString(), new Volume(SandboxRequest.CACHE_MOUNT), AccessMode.rw));
        }
        if (req.egressSocket() != null) {
            binds.add(new Bind(req.egressSocket().toString(), new Volume(EgressProxy.SANDBOX_SOCKET), AccessMode.rw));
        }
        if (req.secretsDir() != null) {
            binds.add(new Bind(req.secretsDir().toString(), new Volume(SandboxRequest.SECRETS_MOUNT), AccessMode.ro));
        }
        if (hostImage) {
            binds.add(new Bind("/usr", new Volume("/usr"), AccessMode.ro));
            for (Path etc : HostMounts.etcEntries()) {
                if (IMAGE_OWN_ETC.contains(etc.getFileName().toString())) continue;
                binds.add(new Bind(etc.toString(), new Volume(etc.toString()), AccessMode.ro));
            }
        }
        HostConfig hc = HostConfig.newHostConfig()
                .withNetworkMode(req.allowNetwork() && req.egressSocket() == null ? props.network() : "none")
                .withReadonlyRootfs(true)
                .withTmpFs(Map.of("/tmp", "rw,exec,nosuid,nodev,size=" + l.tmpBytes()))
                .withBinds(binds)
                .withMemory(l.memoryBytes())
                .withMemorySwap(l.memoryBytes())
                .withPidsLimit((long) l.maxProcesses())
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withUlimits(List.of(
                        new Ulimit("fsize", l.maxFileBytes(), l.maxFileBytes()),
                        new Ulimit("nofile", 4096L, 4096L),
                        new Ulimit("core", 0L, 0L)))
                .withLogConfig(new LogConfig(LogConfig.LoggingType.NONE));
        if (l.cpus() > 0) hc.withNanoCPUs((long) (l.cpus() * 1_000_000_000L));
        return hc;
    }

    private static List<String> env(SandboxRequest req) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", "/tmp");
        env.put("LANG", "C.UTF-8");
        env.put("TMPDIR", "/tmp");
        if (req.egressSocket() != null) env.putAll(SandboxRequest.proxyEnv());
        env.putAll(req.env());
        return env.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .sorted()
                .toList();
    }

    /** The user the container runs as; as root, the workspace is first handed to the sandbox user. */
    private static String prepareWorkspace(SandboxRequest req) throws SandboxException {
        String user = prepareDir(req.workspace());
        if (req.cacheDir() != null) prepareDir(req.cacheDir());
        if (req.secretsDir() != null) prepareDir(req.secretsDir());
        return user;
    }

    private static String prepareDir(Path workspace) throws SandboxException {
        try {
            int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            int gid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
            if (uid != 0) return uid + ":" + gid;
            try (Stream<Path> walk = Files.walk(workspace)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    if ((Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) == SANDBOX_UID) continue;
                    Files.setAttribute(p, "unix:uid", SANDBOX_UID, LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(p, "unix:gid", SANDBOX_UID, LinkOption.NOFOLLOW_LINKS);
                }
            }
            return SANDBOX_UID + ":" + SANDBOX_UID;
        } catch (IOException | UnsupportedOperationException e) {
            throw new SandboxException("cannot hand the workspace to the sandbox user: " + e.getMessage(), e);
        }
    }

    private void kill(String id) {
        try {
            client.killContainerCmd(id).exec();
        } catch (RuntimeException ignored) {
            // already stopped
        }
    }

    private void remove(String id) {
        try {
            client.removeContainerCmd(id)
                    .withForce(true)
                    .withRemoveVolumes(true)
                    .exec();
        } catch (NotFoundException ignored) {
            // gone already
        } catch (RuntimeException e) {
            // the reaper removes it later (its deadline label has passed by then)
        }
    }
}
