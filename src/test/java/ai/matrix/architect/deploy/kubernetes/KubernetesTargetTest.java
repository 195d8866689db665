package ai.matrix.architect.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.deploy.DeployException;
import ai.matrix.architect.deploy.DeployTarget;
import ai.matrix.architect.deploy.DeployTargetContract;
import ai.matrix.architect.deploy.HealthUrl;
import ai.matrix.architect.deploy.ReleaseFlow;
import ai.matrix.architect.deploy.ReleaseRequest;
import ai.matrix.architect.net.AddressPolicy;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract for {@code kubernetes} targets against fabric8's mock API server in CRUD mode (no cluster can run
 * here). The test plays the Deployment controller: it observes each applied generation and reports its replicas
 * ready, except for an image tagged {@code bad}, whose new ReplicaSet never becomes ready (the old pod stays).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesTargetTest extends DeployTargetContract {
    static final String NS = "shop";

    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir
    Path trees;

    boolean prune;
    final Map<String, Integer> applied = new ConcurrentHashMap<>();
    final java.util.Set<String> goodSeen = ConcurrentHashMap.newKeySet();
    Thread controller;

    @BeforeEach
    void playTheController() {
        controller = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    for (Deployment d :
                            client.apps().deployments().inNamespace(NS).list().getItems()) observe(d);
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // a write that raced the target's apply: the next round sees the new object
                }
            }
        });
    }

    @AfterEach
    void stopTheController() throws InterruptedException {
        controller.interrupt();
        controller.join();
    }

    /** What the controller of a cluster would write: the generation it saw and how many replicas are ready. */
    void observe(Deployment d) {
        long generation =
                d.getMetadata().getGeneration() == null ? 1 : d.getMetadata().getGeneration();
        if (d.getStatus() != null
                && d.getStatus().getObservedGeneration() != null
                && d.getStatus().getObservedGeneration() >= generation) return;
        int wanted = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        boolean bad = d.getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getImage()
                .endsWith(":bad");
        // the pods of the last good version keep running while a bad one's never become ready
        if (!bad) goodSeen.add(d.getMetadata().getName());
        int old = bad && goodSeen.contains(d.getMetadata().getName()) ? wanted : 0;
        d.setStatus(new DeploymentStatusBuilder()
                .withObservedGeneration(generation)
                .withReplicas(wanted + (bad ? old : 0))
                .withUpdatedReplicas(wanted)
                .withReadyReplicas(bad ? old : wanted)
                .withAvailableReplicas(bad ? old : wanted)
                .build());
        client.apps().deployments().inNamespace(NS).resource(d).updateStatus();
    }

    /**
     * The mock API server has no server-side apply (it answers 404 for a new object and 415 for an existing one):
     * the request is sent as the target sends it (its shape is checked below), then written with create or update.
     */
    static final KubernetesTarget.Applier MOCK_APPLY = (c, ns, o) -> {
        try {
            KubernetesTarget.SERVER_SIDE_APPLY.apply(c, ns, o);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 415) throw e;
            c.resource(o).inNamespace(ns).createOr(NonDeletingOperation::update);
        }
    };

    @Test
    void theTargetAppliesServerSideAsTheFieldManagerMatrixArchitect() throws Exception {
        while (server.getRequestCount() > 0 && server.takeRequest(0, TimeUnit.SECONDS) != null) {}
        target().deploy(request("rel_1", "job_1", "v1"));
        List<RecordedRequest> patches = new ArrayList<>();
        for (RecordedRequest r; (r = server.takeRequest(0, TimeUnit.SECONDS)) != null; ) {
            if (r.getMethod().equals("PATCH")) patches.add(r);
        }
        assertThat(patches).hasSize(2).allSatisfy(r -> {
            assertThat(r.getPath()).contains("fieldManager=matrix-architect").contains("force=true");
            assertThat(r.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
        });
        assertThat(patches.getFirst().getPath()).startsWith("/apis/apps/v1/namespaces/shop/deployments/web");
    }

    @Override
    protected DeployTarget target() {
        var config = new ArchitectProperties.DeployTarget(
                "kubernetes",
                "staging",
                null,
                null,
                java.util.List.of(),
                null,
                timeout(),
                new ArchitectProperties.Kubernetes(NS, "deploy", null, prune, null, null, null),
                null,
                null);
        HealthUrl url = new HealthUrl(AddressPolicy.of("127.0.0.1", ""), Clock.systemUTC(), Duration.ofMillis(50));
        KubernetesClient counting = client;
        return new KubernetesTarget(TARGET, config, () -> counting, url, Duration.ofMillis(25), MOCK_APPLY) {
            @Override
            public ai.matrix.architect.deploy.Deployed deploy(ReleaseRequest release) throws DeployException {
                applied.merge(release.releaseId(), 1, Integer::sum);
                return super.deploy(release);
            }
        };
    }

    static String manifest(String version) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  replicas: 2
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                        - name: web
                          image: registry.local/web:%s
                """.formatted(version);
    }

    static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              selector: {app: web}
              ports: [{port: 80}]
            """;

    @Override
    protected ReleaseRequest request(String releaseId, String jobId, String version) throws IOException {
        Path tree = Files.createDirectories(trees.resolve(releaseId + "-" + version + "/deploy"));
        Files.writeString(tree.resolve("10-web.yaml"), manifest(version));
        if (!version.equals("v2")) Files.writeString(tree.resolve("20-service.yaml"), SERVICE);
        return new ReleaseRequest(
                releaseId,
                TARGET,
                "staging",
                jobId,
                "default",
                "c0ffee-" + version,
                null,
                tree.getParent(),
                null,
                log::add);
    }

    @Override
    protected String running() {
        Deployment d =
                client.apps().deployments().inNamespace(NS).withName("web").get();
        String image =
                d.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
        return image.substring(image.lastIndexOf(':') + 1);
    }

    /** Applies of the release (a resumed attempt applies again: server-side apply makes that one change). */
    @Override
    protected int deliveries(String releaseId) {
        return applied.getOrDefault(releaseId, 0);
    }

    @Override
    protected int maxDeliveriesAfterACrash() {
        return 2;
    }

    @Test
    void aDeploymentWhoseNewReplicaSetNeverBecomesReadyIsRolledBackToThePreviousManifests() throws Exception {
        assertThat(deploy("rel_1", "v1").status()).isEqualTo("healthy");
        String kept = releases.record("rel_1").orElseThrow().manifests();
        assertThat(kept)
                .contains("image: \"registry.local/web:v1\"")
                .contains("matrix-architect.io/release: \"rel_1\"");
        ReleaseFlow.Outcome o = deploy("rel_2", "bad");
        assertThat(o.status()).as("%s %s", o.why(), log).isEqualTo("rolled_back");
        assertThat(o.health().timedOut()).isTrue();
        assertThat(o.health().evidence()).contains("deployment/web: 2/2 ready, 2/2 updated");
        // the server holds what rel_1 kept: its image and its release note, applied by our field manager
        Deployment now =
                client.apps().deployments().inNamespace(NS).withName("web").get();
        assertThat(now.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getImage())
                .isEqualTo("registry.local/web:v1");
        assertThat(now.getMetadata().getAnnotations()).containsEntry("matrix-architect.io/release", "rel_1");
        assertThat(log).anyMatch(l -> l.contains("re-applying the manifests kept with rel_1"));
    }

    @Test
    void objectsTheReleaseNoLongerHasArePrunedOnlyWhenTheTargetSaysSo() throws Exception {
        assertThat(deploy("rel_1", "v1").status()).isEqualTo("healthy");
        assertThat(deploy("rel_2", "v2").status()).isEqualTo("healthy");
        assertThat(client.services().inNamespace(NS).withName("web").get())
                .as("kept without prune")
                .isNotNull();
        prune = true;
        assertThat(deploy("rel_3", "v1").status()).isEqualTo("healthy");
        assertThat(deploy("rel_4", "v2").status()).isEqualTo("healthy");
        assertThat(client.services().inNamespace(NS).withName("web").get())
                .as("pruned")
                .isNull();
    }

    @Test
    void objectsOutsideTheNamespaceAreRefusedBeforeAnythingIsApplied() throws Exception {
        ReleaseRequest r = request("rel_1", "job_1", "v1");
        Files.writeString(
                r.workTree().resolve("deploy/30-ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n");
        assertThatThrownBy(() -> target().deploy(r))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining(
                        "Namespace/x is cluster-scoped; this target deploys into the namespace shop only");
        Files.delete(r.workTree().resolve("deploy/30-ns.yaml"));
        Files.writeString(
                r.workTree().resolve("deploy/10-web.yaml"),
                manifest("v1").replace("  name: web\n", "  name: web\n  namespace: kube-system\n"));
        assertThatThrownBy(() -> target().deploy(r)).hasMessageContaining("names the namespace kube-system");
        assertThat(client.apps().deployments().inNamespace(NS).list().getItems())
                .isEmpty();
    }
}
