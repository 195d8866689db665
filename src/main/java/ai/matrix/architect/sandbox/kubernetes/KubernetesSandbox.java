package ai.matrix.architect.sandbox.kubernetes;

import ai.matrix.architect.sandbox.OutputCap;
import ai.matrix.architect.sandbox.Sandbox;
import ai.matrix.architect.sandbox.SandboxCapabilities;
import ai.matrix.architect.sandbox.SandboxException;
import ai.matrix.architect.sandbox.SandboxLimits;
import ai.matrix.architect.sandbox.SandboxRequest;
import ai.matrix.architect.sandbox.SandboxResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Kubernetes via the fabric8 client: one Pod per run in the configured namespace, selected by a deny-all
 * NetworkPolicy (no ingress, no egress), with no service-account token and no service links, running as a
 * non-root user with a read-only root file system, no privilege escalation, every capability dropped and the
 * runtime's default seccomp profile; memory, CPU and ephemeral-storage limits, a memory-backed size-capped
 * /tmp, and the Pod's {@code activeDeadlineSeconds} plus our own wait as the wall-clock limit. The workspace
 * lives in an emptyDir: a {@link WorkspaceTransfer} copies it in while an init container waits, and back out
 * after the command (the main container waits for that before it exits). An OOM kill is reported as such.
 *
 * <p>Tested only against fabric8's mock API server (CRUD mode): no cluster runs on these machines, and the
 * mock has no exec, so the exec-based {@link ExecWorkspaceTransfer} is not exercised by the tests.
 */
public class KubernetesSandbox implements Sandbox {
    public static final String LABEL = "ai.matrix.architect/sandbox";
    static final String POLICY = "matrix-architect-sandbox-deny-all";
    static final String MAIN = "sandbox";
    static final String INIT = "workspace-in";
    static final String READY = SandboxRequest.WORKSPACE_MOUNT + "/.matrix-architect-ready";
    static final String DONE = SandboxRequest.WORKSPACE_MOUNT + "/.matrix-architect-done";
    static final String COLLECTED = SandboxRequest.WORKSPACE_MOUNT + "/.matrix-architect-collected";

    /** Copies the workspace into and out of the Pod. */
    public interface WorkspaceTransfer {
        /** Called once the Pod exists; must copy the workspace in and then create {@link #READY}. */
        void copyIn(KubernetesClient client, String namespace, String pod, Path workspace) throws IOException;

        /** True once the main container has created {@link #DONE} (the command ended; the container waits). */
        boolean commandDone(KubernetesClient client, String namespace, String pod) throws IOException;

        /** Called once the command has ended (the main container waits); must copy back and create {@link #COLLECTED}. */
        void copyOut(KubernetesClient client, String namespace, String pod, Path workspace) throws IOException;
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String image;
    private final WorkspaceTransfer transfer;
    private final Supplier<String> names;
    private final Duration poll;

    public KubernetesSandbox(KubernetesClient client, String namespace, String image, WorkspaceTransfer transfer) {
        this(
                client,
                namespace,
                image,
                transfer,
                () -> "matrix-architect-sbx-" + UUID.randomUUID(),
                Duration.ofMillis(500));
    }

    KubernetesSandbox(
            KubernetesClient client,
            String namespace,
            String image,
            WorkspaceTransfer transfer,
            Supplier<String> names,
            Duration poll) {
        this.client = client;
        this.namespace = namespace;
        this.image = image;
        this.transfer = transfer;
        this.names = names;
        this.poll = poll;
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public SandboxCapabilities capabilities() {
        return new SandboxCapabilities(true, true, true, true);
    }

    @Override
    public SandboxResult run(SandboxRequest req) throws SandboxException {
        Instant start = Instant.now();
        String name = names.get();
        try {
            ensureDenyAllPolicy();
            client.pods().inNamespace(namespace).resource(pod(name, req)).create();
        } catch (KubernetesClientException e) {
            throw new SandboxException("kubernetes could not create the sandbox pod: " + e.getMessage(), e);
        }
        try {
            transfer.copyIn(client, namespace, name, req.workspace());
            End end = awaitEnd(name, req, start.plus(req.timeout()));
            ContainerStateTerminated ended = end.terminated();
            boolean timedOut = end.timedOut();
            OutputCap cap = new OutputCap(req.limits().maxOutputBytes(), req.output());
            String log = logs(name);
            byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
            cap.accept(bytes, 0, bytes.length);
            cap.finish();
            boolean oom = ended != null && "OOMKilled".equals(ended.getReason());
            int exit = ended == null || ended.getExitCode() == null ? 137 : ended.getExitCode();
            if (timedOut) req.output().accept("[matrix-architect] killed after the time limit of " + req.timeout());
            if (oom)
                req.output()
                        .accept("[matrix-architect] killed: out of memory (limit "
                                + req.limits().memoryBytes() + " bytes)");
            return new SandboxResult(exit, timedOut, oom, cap.truncated(), Duration.between(start, Instant.now()));
        } catch (IOException | KubernetesClientException e) {
            throw new SandboxException("kubernetes sandbox run failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted; the pod was deleted", e);
        } finally {
            try {
                client.pods()
                        .inNamespace(namespace)
                        .withName(name)
                        .withGracePeriod(0)
                        .delete();
            } catch (KubernetesClientException ignored) {
                // gone already
            }
        }
    }

    /** How the command ended: its container's final state (null when unknown) and whether time ran out. */
    private record End(ContainerStateTerminated terminated, boolean timedOut) {}

    /** Waits for the command to end, copying the workspace back out when it did, or for the deadline. */
    private End awaitEnd(String name, SandboxRequest req, Instant deadline) throws IOException, InterruptedException {
        while (true) {
            Pod pod = client.pods().inNamespace(namespace).withName(name).get();
            ContainerStateTerminated ended = terminated(pod);
            if (ended != null || pod == null || isFinished(pod)) return new End(ended, false);
            if (transfer.commandDone(client, namespace, name)) {
                transfer.copyOut(client, namespace, name, req.workspace());
                ended = awaitTerminated(name, deadline);
                return new End(ended, ended == null);
            }
            if (Instant.now().isAfter(deadline)) return new End(null, true);
            Thread.sleep(poll.toMillis());
        }
    }

    private ContainerStateTerminated awaitTerminated(String name, Instant deadline) throws InterruptedException {
        while (Instant.now().isBefore(deadline)) {
            ContainerStateTerminated t = terminated(
                    client.pods().inNamespace(namespace).withName(name).get());
            if (t != null) return t;
            Thread.sleep(poll.toMillis());
        }
        return null;
    }

    private static boolean isFinished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static ContainerStateTerminated terminated(Pod pod) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) return null;
        for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
            if (MAIN.equals(s.getName()) && s.getState() != null && s.getState().getTerminated() != null) {
                return s.getState().getTerminated();
            }
        }
        return null;
    }

    private String logs(String name) {
        try {
            String log = client.pods()
                    .inNamespace(namespace)
                    .withName(name)
                    .inContainer(MAIN)
                    .getLog();
            return log == null ? "" : log;
        } catch (KubernetesClientException e) {
            return "[matrix-architect] the pod's log could not be read: " + e.getMessage() + "\n";
        }
    }

    void ensureDenyAllPolicy() {
        NetworkPolicy policy = new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName(POLICY)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector()
                .withMatchLabels(Map.of(LABEL, "true"))
                .endPodSelector()
                .withPolicyTypes("Ingress", "Egress")
                .endSpec()
                .build();
        client.network()
                .v1()
                .networkPolicies()
                .inNamespace(namespace)
                .resource(policy)
                .createOr(NonDeletingOperation::update);
    }

    private record Containers(Container init, Container sandbox) {}

    /** The init container that waits for the workspace, and the hardened container that runs the command. */
    private Containers containers(SandboxRequest req) {
        SandboxLimits l = req.limits();
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("HOME", "/tmp", null));
        env.add(new EnvVar("TMPDIR", "/tmp", null));
        env.add(new EnvVar("LANG", "C.UTF-8", null));
        req.env().forEach((k, v) -> env.add(new EnvVar(k, v, null)));
        Map<String, Quantity> limits = Map.of(
                "memory", new Quantity(Long.toString(l.memoryBytes())),
                "cpu", new Quantity(l.cpus() > 0 ? Long.toString((long) (l.cpus() * 1000)) + "m" : "2"),
                "ephemeral-storage", new Quantity(Long.toString(l.maxFileBytes())));
        String main = "cd " + SandboxRequest.WORKSPACE_MOUNT + " && (" + req.command() + "); rc=$?; touch " + DONE
                + "; while [ ! -e " + COLLECTED + " ]; do sleep 0.2; done; exit $rc";
        Container sandbox = hardened(new ContainerBuilder()
                        .withName(MAIN)
                        .withImage(req.image() != null ? req.image() : image)
                        .withCommand("/bin/sh", "-c", main)
                        .withWorkingDir(SandboxRequest.WORKSPACE_MOUNT)
                        .withEnv(env)
                        .withNewResources()
                        .withLimits(limits)
                        .withRequests(limits)
                        .endResources())
                .build();
        Container init = hardened(new ContainerBuilder()
                        .withName(INIT)
                        .withImage(req.image() != null ? req.image() : image)
                        .withCommand(
                                "/bin/sh", "-c", "while [ ! -e " + READY + " ]; do sleep 0.2; done; rm -f " + READY)
                        .withNewResources()
                        .withLimits(limits)
                        .endResources())
                .build();
        return new Containers(init, sandbox);
    }

    Pod pod(String name, SandboxRequest req) {
        SandboxLimits l = req.limits();
        Containers c = containers(req);
        Container init = c.init();
        Container sandbox = c.sandbox();
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(Map.of(LABEL, "true"))
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withHostNetwork(false)
                .withHostPID(false)
                .withHostIPC(false)
                .withActiveDeadlineSeconds(Math.max(1, req.timeout().toSeconds()))
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(1000L)
                .withRunAsGroup(1000L)
                .withFsGroup(1000L)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .withInitContainers(init)
                .withContainers(sandbox)
                .addNewVolume()
                .withName("workspace")
                .withNewEmptyDir()
                .withSizeLimit(new Quantity(Long.toString(l.maxFileBytes())))
                .endEmptyDir()
                .endVolume()
                .addNewVolume()
                .withName("tmp")
                .withNewEmptyDir()
                .withMedium("Memory")
                .withSizeLimit(new Quantity(Long.toString(l.tmpBytes())))
                .endEmptyDir()
                .endVolume()
                .endSpec()
                .build();
    }

    private static ContainerBuilder hardened(ContainerBuilder b) {
        return b.addNewVolumeMount()
                .withName("workspace")
                .withMountPath(SandboxRequest.WORKSPACE_MOUNT)
                .endVolumeMount()
                .addNewVolumeMount()
                .withName("tmp")
                .withMountPath("/tmp")
                .endVolumeMount()
                .withNewSecurityContext()
                .withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false)
                .withPrivileged(false)
                .withRunAsNonRoot(true)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .endSecurityContext();
    }
}
