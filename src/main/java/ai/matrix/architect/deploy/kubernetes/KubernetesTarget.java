package ai.matrix.architect.deploy.kubernetes;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.deploy.DeployException;
import ai.matrix.architect.deploy.DeployTarget;
import ai.matrix.architect.deploy.Deployed;
import ai.matrix.architect.deploy.Health;
import ai.matrix.architect.deploy.HealthUrl;
import ai.matrix.architect.deploy.ReleaseRecord;
import ai.matrix.architect.deploy.ReleaseRequest;
import ai.matrix.architect.deploy.TargetState;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A {@code kubernetes} target: the manifests the target names, read from the repository at the result commit,
 * kept to its namespace, are applied with server-side apply (field manager {@code matrix-architect}); the
 * release is healthy when every workload's rollout completed (and the health URL answers, when there is one).
 * A rollback re-applies the rendered manifests kept with the earlier release and waits again. Objects of the
 * target that the release no longer has are deleted only when the target says {@code prune: true}.
 */
public class KubernetesTarget implements DeployTarget {
    static final String FIELD_MANAGER = "matrix-architect";

    private final String name;
    private final ArchitectProperties.DeployTarget config;
    private final ArchitectProperties.Kubernetes k8s;
    private final Supplier<KubernetesClient> client;
    private final HealthUrl health;
    private final Duration pollEvery;
    private final Applier applier;

    /** How one object is written to the API server. */
    @FunctionalInterface
    public interface Applier {
        void apply(KubernetesClient client, String namespace, HasMetadata object);
    }

    /** Server-side apply by the field manager {@code matrix-architect}, taking over fields others set by hand. */
    public static final Applier SERVER_SIDE_APPLY = (client, namespace, o) -> client.resource(o)
            .inNamespace(namespace)
            .fieldManager(FIELD_MANAGER)
            .forceConflicts()
            .serverSideApply();

    public KubernetesTarget(
            String name,
            ArchitectProperties.DeployTarget config,
            Supplier<KubernetesClient> client,
            HealthUrl health,
            Duration pollEvery,
            Applier applier) {
        this.applier = applier;
        this.name = name;
        this.config = config;
        this.k8s = config.kubernetes();
        this.client = client;
        this.health = health;
        this.pollEvery = pollEvery;
    }

    @Override
    public String type() {
        return "kubernetes";
    }

    @Override
    public Deployed deploy(ReleaseRequest release) throws DeployException {
        if (release.workTree() == null) throw new DeployException("no repository tree to read the manifests from");
        List<HasMetadata> objects = Manifests.prepare(
                Manifests.parse(Manifests.read(release.workTree(), k8s.manifests())),
                k8s.namespace(),
                name,
                release.releaseId(),
                k8s.image());
        if (objects.isEmpty()) throw new DeployException("the manifests at '" + k8s.manifests() + "' hold no object");
        return apply(release, objects, "applied");
    }

    @Override
    public Health awaitHealth(ReleaseRequest release, Deployed deployed, Instant deadline)
            throws DeployException, InterruptedException {
        List<HasMetadata> workloads = Manifests.parse(deployed.manifests()).stream()
                .filter(Rollout::waitsFor)
                .toList();
        String last = "";
        while (true) {
            List<Rollout> now = new ArrayList<>();
            try {
                for (HasMetadata w : workloads) now.add(Rollout.of(client.get(), k8s.namespace(), w));
            } catch (KubernetesClientException e) {
                throw new DeployException("the API server did not answer: " + e.getMessage(), e);
            }
            String words = now.stream().map(Rollout::words).collect(Collectors.joining("; "));
            if (!words.equals(last)) release.log().accept("[DEPLOY] rollout " + words);
            last = words;
            if (now.stream().anyMatch(Rollout::failed)) return Health.failed(words);
            if (now.stream().allMatch(Rollout::done)) {
                String rolled = workloads.isEmpty() ? "no workload to wait for" : "rollout complete: " + words;
                if (config.healthUrl() == null || config.healthUrl().isBlank()) return Health.ok(rolled);
                Health h = health.await(config.healthUrl(), deadline);
                return new Health(
                        h.healthy(), h.timedOut(), rolled + "; GET " + config.healthUrl() + ": " + h.evidence());
            }
            if (!Instant.now().plus(pollEvery).isBefore(deadline)) return Health.timedOut(words);
            Thread.sleep(pollEvery.toMillis());
        }
    }

    @Override
    public Deployed rollBack(ReleaseRequest release, ReleaseRecord to) throws DeployException {
        if (to == null)
            throw new DeployException("no earlier release was healthy on '" + name + "'; nothing to roll back to");
        if (to.manifests() == null)
            throw new DeployException("the release " + to.id() + " kept no manifests to re-apply");
        release.log().accept("[DEPLOY] re-applying the manifests kept with " + to.id());
        return apply(release, Manifests.parse(to.manifests()), "re-applied " + to.id() + ":");
    }

    @Override
    public TargetState describe() throws DeployException {
        Map<String, Object> details = new LinkedHashMap<>();
        try {
            for (String kind : List.of("Deployment", "StatefulSet", "DaemonSet")) {
                client.get()
                        .genericKubernetesResources("apps/v1", kind)
                        .inNamespace(k8s.namespace())
                        .withLabel(Manifests.TARGET_LABEL, name)
                        .list()
                        .getItems()
                        .forEach(o -> details.put(
                                kind.toLowerCase(java.util.Locale.ROOT) + "/"
                                        + o.getMetadata().getName(),
                                o.getAdditionalProperties().getOrDefault("status", Map.of())));
            }
        } catch (KubernetesClientException e) {
            throw new DeployException("the API server did not answer: " + e.getMessage(), e);
        }
        return new TargetState(
                details.size() + " workload(s) of '" + name + "' in the namespace " + k8s.namespace(), details);
    }

    private Deployed apply(ReleaseRequest release, List<HasMetadata> objects, String verb) throws DeployException {
        String rendered = Manifests.render(objects);
        List<String> applied = new ArrayList<>();
        try {
            for (HasMetadata o : objects) {
                applier.apply(client.get(), k8s.namespace(), o);
                applied.add(o.getKind() + "/" + o.getMetadata().getName());
            }
            if (k8s.prune()) applied.addAll(prune(objects));
        } catch (KubernetesClientException e) {
            throw new DeployException("the API server refused " + describe(e) + " after " + applied, e);
        }
        release.log().accept("[DEPLOY] " + verb + " " + applied);
        Map<String, String> digests = new LinkedHashMap<>();
        digests.put("manifests", Deployed.sha256(rendered));
        for (HasMetadata o : objects) {
            for (var c : Manifests.containers(o))
                digests.put("image/" + o.getMetadata().getName() + "/" + c.getName(), c.getImage());
        }
        return new Deployed(digests, rendered, null, String.join("\n", applied), Map.of("objects", applied));
    }

    /** Deletes the target's objects (by its label) of the kinds it deploys that this release no longer has. */
    private List<String> prune(List<HasMetadata> keep) {
        Set<String> kept = keep.stream()
                .map(o -> o.getKind() + "/" + o.getMetadata().getName())
                .collect(Collectors.toSet());
        List<String> deleted = new ArrayList<>();
        for (String[] kind : PRUNED) {
            for (var o : client.get()
                    .genericKubernetesResources(kind[0], kind[1])
                    .inNamespace(k8s.namespace())
                    .withLabel(Manifests.TARGET_LABEL, name)
                    .list()
                    .getItems()) {
                String id = kind[1] + "/" + o.getMetadata().getName();
                if (kept.contains(id)) continue;
                client.get()
                        .genericKubernetesResources(kind[0], kind[1])
                        .inNamespace(k8s.namespace())
                        .withName(o.getMetadata().getName())
                        .delete();
                deleted.add("pruned " + id);
            }
        }
        return deleted;
    }

    private static final List<String[]> PRUNED = List.of(
            new String[] {"apps/v1", "Deployment"},
            new String[] {"apps/v1", "StatefulSet"},
            new String[] {"apps/v1", "DaemonSet"},
            new String[] {"batch/v1", "Job"},
            new String[] {"v1", "Service"},
            new String[] {"v1", "ConfigMap"},
            new String[] {"networking.k8s.io/v1", "Ingress"});

    private static String describe(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getMessage();
    }
}
