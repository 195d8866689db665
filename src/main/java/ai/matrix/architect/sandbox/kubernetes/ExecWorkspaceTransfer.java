package ai.matrix.architect.sandbox.kubernetes;

import ai.matrix.architect.sandbox.SandboxRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Moves the workspace with the API server's exec, as a tar stream on the exec's stdin and stdout (as
 * {@code kubectl cp} does): into the init container, then back out of the main container once it has marked the
 * command done. The stream is written and read by {@link WorkspaceTar} (no link is followed on the way in, nothing
 * is written through a link on the way out, and the Pod's tree is unpacked into an empty directory before it
 * replaces the workspace). The exec wiring itself needs a cluster and is not exercised by the tests (fabric8's
 * mock server has no exec); {@link WorkspaceTar} is.
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
        try (ExecWatch w = p.inContainer(KubernetesSandbox.INIT)
                .redirectingInput()
                .exec("/bin/sh", "-c", "tar -xmf - -C " + SandboxRequest.WORKSPACE_MOUNT)) {
            try (OutputStream stdin = w.getInput()) {
                WorkspaceTar.write(workspace, stdin);
            }
            int code = w.exitCode().get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (code != 0) throw new IOException("unpacking the workspace in pod " + pod + " exited with " + code);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot copy the workspace into pod " + pod + ": " + e.getMessage(), e);
        }
        exec(client, namespace, pod, KubernetesSandbox.INIT, "touch " + KubernetesSandbox.READY);
    }

    @Override
    public boolean commandDone(KubernetesClient client, String namespace, String pod) throws IOException {
        return exec(client, namespace, pod, KubernetesSandbox.MAIN, "test -e " + KubernetesSandbox.DONE) == 0;
    }

    @Override
    public void copyOut(KubernetesClient client, String namespace, String pod, Path workspace) throws IOException {
        Path ws = workspace.toAbsolutePath();
        Path fresh = Files.createTempDirectory(ws.getParent(), ".collect-");
        try {
            try (ExecWatch w = client.pods()
                    .inNamespace(namespace)
                    .withName(pod)
                    .inContainer(KubernetesSandbox.MAIN)
                    .redirectingOutput()
                    .exec("/bin/sh", "-c", "tar -cf - -C " + SandboxRequest.WORKSPACE_MOUNT + " .")) {
                WorkspaceTar.extract(w.getOutput(), fresh);
                int code = w.exitCode().get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
                if (code != 0) throw new IOException("packing the workspace in pod " + pod + " exited with " + code);
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("cannot copy the workspace out of pod " + pod + ": " + e.getMessage(), e);
            }
            for (String marker :
                    List.of(KubernetesSandbox.READY, KubernetesSandbox.DONE, KubernetesSandbox.COLLECTED)) {
                Files.deleteIfExists(fresh.resolve(Path.of(marker).getFileName().toString()));
            }
            WorkspaceTar.replaceContents(ws, fresh);
        } finally {
            WorkspaceTar.deleteTree(fresh);
        }
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
