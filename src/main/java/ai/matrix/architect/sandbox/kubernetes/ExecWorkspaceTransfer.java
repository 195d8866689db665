package ai.matrix.architect.sandbox.kubernetes;

import ai.matrix.architect.sandbox.SandboxRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Moves the workspace with the API server's exec (tar over the exec stream, as {@code kubectl cp} does):
 * into the init container, then back out of the main container once it has marked the command done. Not
 * exercised by the tests: fabric8's mock server has no exec.
 */
public class ExecWorkspaceTransfer implements KubernetesSandbox.WorkspaceTransfer {
    private final Duration startTimeout;

    public ExecWorkspaceTransfer(Duration startTimeout) {
        this.startTimeout = startTimeout;
    }

    @Override
    public void copyIn(KubernetesClient client, String namespace, String pod, Path workspace) throws IOException {
        var p = client.pods().inNamespace(namespace).withName(pod);
        p.waitUntilCondition(
                x -> x != null
                        && x.getStatus() != null
                        && x.getStatus().getInitContainerStatuses() != null
                        && x.getStatus().getInitContainerStatuses().stream()
                                .anyMatch(s -> KubernetesSandbox.INIT.equals(s.getName())
                                        && s.getState() != null
                                        && s.getState().getRunning() != null),
                startTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
        if (!p.inContainer(KubernetesSandbox.INIT)
                .dir(SandboxRequest.WORKSPACE_MOUNT)
                .upload(workspace)) {
            throw new IOException("cannot copy the workspace into pod " + pod);
        }
        exec(client, namespace, pod, KubernetesSandbox.INIT, "touch " + KubernetesSandbox.READY);
    }

    @Override
    public boolean commandDone(KubernetesClient client, String namespace, String pod) throws IOException {
        return exec(client, namespace, pod, KubernetesSandbox.MAIN, "test -e " + KubernetesSandbox.DONE) == 0;
    }

    @Override
    public void copyOut(KubernetesClient client, String namespace, String pod, Path workspace) throws IOException {
        client.pods()
                .inNamespace(namespace)
                .withName(pod)
                .inContainer(KubernetesSandbox.MAIN)
                .dir(SandboxRequest.WORKSPACE_MOUNT)
                .copy(workspace.getParent().resolve(workspace.getFileName()));
        exec(client, namespace, pod, KubernetesSandbox.MAIN, "touch " + KubernetesSandbox.COLLECTED);
    }

    private static int exec(KubernetesClient client, String namespace, String pod, String container, String command)
            throws IOException {
        try (var w = client.pods()
                .inNamespace(namespace)
                .withName(pod)
                .inContainer(container)
                .exec("/bin/sh", "-c", command)) {
            return w.exitCode().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("exec in pod " + pod + " failed: " + e.getMessage(), e);
        }
    }
}
