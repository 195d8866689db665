package ai.matrix.architect.deploy.kubernetes;

import ai.matrix.architect.deploy.DeployException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A release's manifests: read from the repository at the result commit, kept to the target's namespace, the
 * image override applied, rendered to the YAML that is applied and kept with the release.
 */
final class Manifests {
    /** Kinds that live outside namespaces: a namespaced target never applies them. */
    static final Set<String> CLUSTER_SCOPED = Set.of(
            "Namespace",
            "Node",
            "PersistentVolume",
            "ClusterRole",
            "ClusterRoleBinding",
            "CustomResourceDefinition",
            "StorageClass",
            "PriorityClass",
            "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration",
            "APIService",
            "IngressClass",
            "RuntimeClass");

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String TARGET_LABEL = "matrix-architect.io/target";
    static final String RELEASE_ANNOTATION = "matrix-architect.io/release";

    private Manifests() {}

    /** The YAML documents under {@code path} (a file, or a directory's *.yaml and *.yml files in name order). */
    static String read(Path workTree, String path) throws DeployException {
        Path root = workTree.toAbsolutePath().normalize();
        Path p = root.resolve(path).normalize();
        if (!p.startsWith(root)) throw new DeployException("the manifests path '" + path + "' leaves the repository");
        try {
            if (Files.isSymbolicLink(p)) throw new DeployException("the manifests path '" + path + "' is a link");
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) return Files.readString(p);
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new DeployException("the repository has no manifests at '" + path + "'");
            }
            if (Files.exists(p.resolve("kustomization.yaml")) || Files.exists(p.resolve("kustomization.yml"))) {
                throw new DeployException("'" + path + "' is a kustomization; this server applies plain manifests"
                        + " only (render the kustomization into the repository, or use a helm target)");
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(p)) {
                files = s.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                        .filter(f ->
                                f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                        .sorted()
                        .toList();
            }
            StringBuilder all = new StringBuilder();
            for (Path f : files) all.append(Files.readString(f)).append("\n---\n");
            return all.toString();
        } catch (IOException e) {
            throw new DeployException("the manifests at '" + path + "' cannot be read: " + e.getMessage(), e);
        }
    }

    /** Parses YAML documents into objects, in order. */
    static List<HasMetadata> parse(String yaml) throws DeployException {
        List<HasMetadata> out = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.isBlank()
                    || doc.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) continue;
            Object o;
            try {
                o = Serialization.unmarshal(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)));
            } catch (RuntimeException e) {
                throw new DeployException("a manifest is not a Kubernetes object: " + e.getMessage(), e);
            }
            if (o instanceof HasMetadata h) out.add(h);
            else if (o instanceof List<?> list) {
                for (Object item : list) if (item instanceof HasMetadata h) out.add(h);
            } else throw new DeployException("a manifest is not a Kubernetes object");
        }
        return out;
    }

    /**
     * Keeps every object to the namespace (refusing cluster-scoped kinds and other namespaces), labels it as the
     * target's, notes the release on it (on the object, not its pod template: no restart for that), and gives containers of the override's repository the override's image.
     */
    static List<HasMetadata> prepare(
            List<HasMetadata> objects, String namespace, String target, String release, String image)
            throws DeployException {
        for (HasMetadata o : objects) {
            String what = o.getKind() + "/" + o.getMetadata().getName();
            if (CLUSTER_SCOPED.contains(o.getKind())) {
                throw new DeployException(
                        what + " is cluster-scoped; this target deploys into the namespace " + namespace + " only");
            }
            String ns = o.getMetadata().getNamespace();
            if (ns != null && !ns.equals(namespace)) {
                throw new DeployException(
                        what + " names the namespace " + ns + "; this target deploys into " + namespace + " only");
            }
            o.getMetadata().setNamespace(namespace);
            Map<String, String> labels = new HashMap<>(
                    o.getMetadata().getLabels() == null
                            ? Map.of()
                            : o.getMetadata().getLabels());
            labels.put(MANAGED_BY, "matrix-architect");
            labels.put(TARGET_LABEL, target);
            o.getMetadata().setLabels(labels);
            Map<String, String> annotations = new HashMap<>(
                    o.getMetadata().getAnnotations() == null
                            ? Map.of()
                            : o.getMetadata().getAnnotations());
            annotations.put(RELEASE_ANNOTATION, release);
            o.getMetadata().setAnnotations(annotations);
            if (image != null && !image.isBlank()) {
                for (Container c : containers(o)) {
                    if (repository(c.getImage()).equals(repository(image))) c.setImage(image);
                }
            }
        }
        return objects;
    }

    static String render(List<HasMetadata> objects) {
        StringBuilder out = new StringBuilder();
        for (HasMetadata o : objects) out.append(Serialization.asYaml(o));
        return out.toString();
    }

    /** The containers of a workload's pod template; none for other kinds. */
    static List<Container> containers(HasMetadata o) {
        PodSpec spec = switch (o) {
            case Deployment d
            when d.getSpec() != null -> d.getSpec().getTemplate().getSpec();
            case StatefulSet s
            when s.getSpec() != null -> s.getSpec().getTemplate().getSpec();
            case DaemonSet d
            when d.getSpec() != null -> d.getSpec().getTemplate().getSpec();
            case Job j when j.getSpec() != null -> j.getSpec().getTemplate().getSpec();
            default -> null;
        };
        return spec == null || spec.getContainers() == null ? List.of() : spec.getContainers();
    }

    /** {@code registry:5000/web:1.2} and {@code registry:5000/web@sha256:…} are both {@code registry:5000/web}. */
    static String repository(String image) {
        if (image == null) return "";
        int at = image.indexOf('@');
        String s = at < 0 ? image : image.substring(0, at);
        int colon = s.lastIndexOf(':');
        return colon > s.lastIndexOf('/') ? s.substring(0, colon) : s;
    }
}
