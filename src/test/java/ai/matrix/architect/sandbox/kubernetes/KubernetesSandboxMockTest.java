package ai.matrix.architect.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.matrix.architect.sandbox.SandboxLimits;
import ai.matrix.architect.sandbox.SandboxRequest;
import ai.matrix.architect.sandbox.SandboxResult;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes sandbox against fabric8's mock API server in CRUD mode (no cluster runs here): the Pod and
 * NetworkPolicy it creates, how the Pod's status maps to a result, and that the Pod is deleted. The test plays
 * the kubelet by writing the Pod's status. The mock has no exec, so the workspace transfer here only records
 * that it was asked.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesSandboxMockTest {
    static final String NS = "sandboxes";
    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir
    Path workspace;

    final AtomicInteger copiedIn = new AtomicInteger();
    final AtomicInteger copiedOut = new AtomicInteger();

    final KubernetesSandbox.WorkspaceTransfer recording = new KubernetesSandbox.WorkspaceTransfer() {
        @Override
        public void copyIn(KubernetesClient c, String ns, String pod, Path ws) {
            copiedIn.incrementAndGet();
        }

        @Override
        public boolean commandDone(KubernetesClient c, String ns, String pod) {
            return false;
        }

        @Override
        public void copyOut(KubernetesClient c, String ns, String pod, Path ws) throws IOException {
            copiedOut.incrementAndGet();
        }
    };

    KubernetesSandbox sandbox(String podName) {
        return new KubernetesSandbox(client, NS, "local/verify:1", recording, () -> podName, Duration.ofMillis(50));
    }

    CompletableFuture<SandboxResult> start(String podName, List<String> lines, Duration timeout) {
        SandboxRequest req = new SandboxRequest(
                "python3 run_tests.py",
                workspace,
                Map.of("CI", "true"),
                timeout,
                SandboxLimits.defaults().withMemoryBytes(512L << 20),
                false,
                null,
                lines::add);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return sandbox(podName).run(req);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    Pod awaitPod(String name) {
        Pod[] pod = new Pod[1];
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        (pod[0] = client.pods().inNamespace(NS).withName(name).get()) != null);
        return pod[0];
    }

    void kubeletReports(Pod pod, int exitCode, String reason) {
        pod.setStatus(new PodStatusBuilder()
                .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName(KubernetesSandbox.MAIN)
                        .withNewState()
                        .withNewTerminated()
                        .withExitCode(exitCode)
                        .withReason(reason)
                        .endTerminated()
                        .endState()
                        .build())
                .build());
        client.pods().inNamespace(NS).resource(pod).updateStatus();
    }

    @Test
    void createsAHardenedPodBehindADenyAllPolicyAndReportsItsExit() throws Exception {
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/" + NS + "/pods/sbx-ok/log?pretty=false&container=sandbox")
                .andReturn(200, "collected 4 items\n4 passed\n")
                .always();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        var run = start("sbx-ok", lines, Duration.ofMinutes(1));
        Pod pod = awaitPod("sbx-ok");

        var spec = pod.getSpec();
        assertThat(spec.getAutomountServiceAccountToken()).isFalse();
        assertThat(spec.getEnableServiceLinks()).isFalse();
        assertThat(spec.getRestartPolicy()).isEqualTo("Never");
        assertThat(spec.getActiveDeadlineSeconds()).isEqualTo(60L);
        assertThat(spec.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(spec.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        assertThat(spec.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getMetadata().getLabels()).containsEntry(KubernetesSandbox.LABEL, "true");
        var main = spec.getContainers().get(0);
        assertThat(main.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(main.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(main.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(main.getResources()
                        .getLimits()
                        .get("memory")
                        .getNumericalAmount()
                        .longValue())
                .isEqualTo(512L << 20);
        assertThat(main.getResources().getLimits()).containsKeys("cpu", "ephemeral-storage");
        assertThat(main.getCommand().get(2)).contains("python3 run_tests.py");
        assertThat(main.getEnv()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("CI"));
        assertThat(spec.getInitContainers())
                .singleElement()
                .satisfies(i -> assertThat(i.getName()).isEqualTo("workspace-in"));
        assertThat(spec.getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("tmp");
            assertThat(v.getEmptyDir().getMedium()).isEqualTo("Memory");
        });

        var policy = client.network()
                .v1()
                .networkPolicies()
                .inNamespace(NS)
                .withName(KubernetesSandbox.POLICY)
                .get();
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry(KubernetesSandbox.LABEL, "true");
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(policy.getSpec().getIngress()).isNullOrEmpty();
        assertThat(policy.getSpec().getEgress()).isNullOrEmpty();

        kubeletReports(pod, 3, "Error");
        SandboxResult r = run.get();
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.outOfMemory()).isFalse();
        assertThat(lines).contains("4 passed");
        assertThat(copiedIn).hasValue(1);
        assertThat(client.pods().inNamespace(NS).withName("sbx-ok").get())
                .as("pod deleted")
                .isNull();
    }

    @Test
    void anOomKillIsReportedAsOutOfMemory() throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        var run = start("sbx-oom", lines, Duration.ofMinutes(1));
        kubeletReports(awaitPod("sbx-oom"), 137, "OOMKilled");
        SandboxResult r = run.get();
        assertThat(r.outOfMemory()).isTrue();
        assertThat(r.describe()).contains("out of memory");
    }

    @Test
    void aPodThatNeverEndsIsDeletedAtTheTimeout() throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        SandboxResult r = start("sbx-slow", lines, Duration.ofSeconds(1)).get();
        assertThat(r.timedOut()).isTrue();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("killed after the time limit"));
        assertThat(client.pods().inNamespace(NS).withName("sbx-slow").get()).isNull();
    }
}
