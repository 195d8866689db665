package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * deploy/helm/matrix-architect rendered for real (Helm's own code through helm-java): lint is clean, every object
 * of the default, HPA and KEDA renderings is parsed by fabric8 and checked (probes, resources, securityContext,
 * shutdown grace, disruption budget, the sandbox Role), and applied to fabric8's mock API server in CRUD mode.
 */
@EnableKubernetesMockClient(crud = true)
class HelmChartTest {
    static final Path CHART = Path.of("deploy/helm/matrix-architect").toAbsolutePath();
    static final String NS = "architect";
    static final String RELEASE = "ma";
    KubernetesMockServer server;
    KubernetesClient client;

    static List<HasMetadata> render(KubernetesClient client, UnaryOperator<TemplateCommand> values) {
        String yaml = values.apply(new Helm(CHART)
                        .template()
                        .withName(RELEASE)
                        .withNamespace(NS)
                        .withKubeVersion("1.30.0"))
                .call();
        return client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                .items();
    }

    static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> kind, String name) {
        return all(objects, kind).stream()
                .filter(o -> o.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name));
    }

    static String env(Container c, String name) {
        return c.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .map(EnvVar::getValue)
                .findFirst()
                .orElse(null);
    }

    @Test
    void lintIsCleanWithDefaultAndOptionalValues() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void defaultRenderingIsHardenedAndAppliesToAnApiServer() {
        List<HasMetadata> objects = render(client, t -> t);
        Deployment api = one(objects, Deployment.class, "ma-matrix-architect-api");
        Deployment worker = one(objects, Deployment.class, "ma-matrix-architect-worker");
        assertThat(worker.getSpec().getReplicas()).isEqualTo(10);

        for (Deployment d : List.of(api, worker)) {
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            Container c = pod.getContainers().getFirst();
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(c.getSecurityContext().getPrivileged()).isFalse();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
            assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
            assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
            assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(c.getResources().getLimits()).containsKey("memory");
            assertThat(c.getVolumeMounts())
                    .extracting(m -> m.getMountPath())
                    .containsExactlyInAnyOrder("/tmp", "/data", "/artifacts");
            // secrets only by reference
            assertThat(c.getEnv())
                    .filteredOn(e -> Set.of("DATABASE_URL", "JWT_SECRET", "ARCHITECT_ADMIN_PASSWORD")
                            .contains(e.getName()))
                    .hasSize(3)
                    .allSatisfy(e -> {
                        assertThat(e.getValue()).isNull();
                        assertThat(e.getValueFrom().getSecretKeyRef()).isNotNull();
                    });
            assertThat(c.getEnv())
                    .filteredOn(e -> e.getName().equals("ARCHITECT_WORKER_NAME"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                            .isEqualTo("metadata.name"));
        }
        assertThat(api.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getArgs())
                .containsExactly("api");
        assertThat(api.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                .isFalse();
        PodSpec workerPod = worker.getSpec().getTemplate().getSpec();
        assertThat(workerPod.getContainers().getFirst().getArgs()).containsExactly("worker");
        assertThat(workerPod.getAutomountServiceAccountToken()).isTrue();

        // Kubernetes waits past the graceful stop's grace and hand-back before SIGKILL (ADR 0008)
        String grace = env(workerPod.getContainers().getFirst(), "ARCHITECT_SHUTDOWN_GRACE");
        assertThat(grace).isEqualTo("30s");
        assertThat(workerPod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(30L + 20L);

        // a rolling update never takes more workers down than the disruption budget allows
        PodDisruptionBudget workerPdb = one(objects, PodDisruptionBudget.class, "ma-matrix-architect-worker");
        assertThat(worker.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable())
                .isEqualTo(workerPdb.getSpec().getMaxUnavailable());
        assertThat(workerPdb.getSpec().getSelector().getMatchLabels())
                .isEqualTo(worker.getSpec().getSelector().getMatchLabels());
        assertThat(one(objects, PodDisruptionBudget.class, "ma-matrix-architect-api")
                        .getSpec()
                        .getMinAvailable()
                        .getIntVal())
                .isEqualTo(1);

        // the Role holds exactly what the kubernetes sandbox calls, in the sandbox namespace only
        Role role = one(objects, Role.class, "ma-matrix-architect-sandbox");
        assertThat(role.getMetadata().getNamespace()).isEqualTo("matrix-architect-sandboxes");
        assertThat(rules(role))
                .containsExactlyInAnyOrder(
                        "/pods create",
                        "/pods get",
                        "/pods delete",
                        "/pods/exec create",
                        "/pods/exec get",
                        "/pods/log get",
                        "networking.k8s.io/networkpolicies create",
                        "networking.k8s.io/networkpolicies get",
                        "networking.k8s.io/networkpolicies update",
                        "networking.k8s.io/networkpolicies patch");
        RoleBinding binding = one(objects, RoleBinding.class, "ma-matrix-architect-sandbox");
        assertThat(binding.getSubjects().getFirst().getName()).isEqualTo("ma-matrix-architect");
        assertThat(binding.getSubjects().getFirst().getNamespace()).isEqualTo(NS);
        assertThat(objects).noneMatch(o -> o.getKind().startsWith("Cluster"));

        assertThat(all(objects, NetworkPolicy.class)).hasSize(2);
        assertThat(all(objects, Service.class)).hasSize(2);
        assertThat(all(objects, Ingress.class)).isEmpty();
        assertThat(all(objects, HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(objects).noneMatch(o -> o instanceof GenericKubernetesResource);

        apply(objects);
        assertThat(client.apps().deployments().inNamespace(NS).list().getItems())
                .hasSize(2);
        assertThat(client.rbac()
                        .roles()
                        .inNamespace("matrix-architect-sandboxes")
                        .withName("ma-matrix-architect-sandbox")
                        .get())
                .isNotNull();
    }

    @Test
    void hpaIngressAndServiceMonitorRendering() {
        List<HasMetadata> objects = render(
                client,
                t -> t.set("worker.autoscaling.hpa.enabled", true)
                        .set("ingress.enabled", true)
                        .set("ingress.className", "nginx")
                        .set("ingress.tls[0].secretName", "architect-tls")
                        .set("ingress.tls[0].hosts[0]", "architect.example.com")
                        .set("metrics.serviceMonitor.enabled", true)
                        .set("secrets.existingSecret", "architect-secrets")
                        .set("sandbox.createNamespace", true));
        Deployment worker = one(objects, Deployment.class, "ma-matrix-architect-worker");
        assertThat(worker.getSpec().getReplicas()).as("the HPA owns the count").isNull();
        HorizontalPodAutoscaler hpa = one(objects, HorizontalPodAutoscaler.class, "ma-matrix-architect-worker");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("ma-matrix-architect-worker");
        assertThat(hpa.getSpec().getMetrics().getFirst().getType()).isEqualTo("External");
        assertThat(hpa.getSpec()
                        .getMetrics()
                        .getFirst()
                        .getExternal()
                        .getMetric()
                        .getName())
                .isEqualTo("architect_queue_due_executions");

        Ingress ingress = one(objects, Ingress.class, "ma-matrix-architect");
        assertThat(ingress.getSpec().getTls().getFirst().getSecretName()).isEqualTo("architect-tls");
        assertThat(ingress.getSpec()
                        .getRules()
                        .getFirst()
                        .getHttp()
                        .getPaths()
                        .getFirst()
                        .getBackend()
                        .getService()
                        .getName())
                .isEqualTo("ma-matrix-architect-api");
        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off");

        GenericKubernetesResource monitor = (GenericKubernetesResource) objects.stream()
                .filter(o -> o.getKind().equals("ServiceMonitor"))
                .findFirst()
                .orElseThrow();
        assertThat(monitor.<String>get("spec", "endpoints", 0, "path")).isEqualTo("/actuator/prometheus");
        // an existing Secret: the chart makes none
        assertThat(objects).noneMatch(o -> o.getKind().equals("Secret"));
        assertThat(objects).anyMatch(o -> o.getKind().equals("Namespace"));
        apply(objects);
        assertThat(client.autoscaling()
                        .v2()
                        .horizontalPodAutoscalers()
                        .inNamespace(NS)
                        .list()
                        .getItems())
                .hasSize(1);
    }

    @Test
    void kedaRenderingScalesWorkersOnTheQueue() {
        List<HasMetadata> objects = render(
                client, t -> t.set("worker.autoscaling.keda.enabled", true).set("ingress.enabled", true));
        assertThat(one(objects, Deployment.class, "ma-matrix-architect-worker")
                        .getSpec()
                        .getReplicas())
                .isNull();
        GenericKubernetesResource scaled = (GenericKubernetesResource) objects.stream()
                .filter(o -> o.getKind().equals("ScaledObject"))
                .findFirst()
                .orElseThrow();
        assertThat(scaled.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
        assertThat(scaled.<String>get("spec", "scaleTargetRef", "name")).isEqualTo("ma-matrix-architect-worker");
        assertThat(scaled.<String>get("spec", "triggers", 0, "type")).isEqualTo("postgresql");
        assertThat(scaled.<String>get("spec", "triggers", 0, "metadata", "query"))
                .contains("scheduled_tasks", "picked = false", "execution_time <= now()");
        assertThat(objects).anyMatch(o -> o.getKind().equals("TriggerAuthentication"));
        assertThat(all(objects, HorizontalPodAutoscaler.class)).isEmpty();
        apply(objects);
    }

    @Test
    void hpaAndKedaTogetherAreRefusedWithASentence() {
        assertThatThrownBy(() -> render(
                        client,
                        t -> t.set("worker.autoscaling.keda.enabled", true)
                                .set("worker.autoscaling.hpa.enabled", true)))
                .hasMessageContaining("turn on hpa or keda, not both");
    }

    @Test
    void shutdownGraceFollowsTheValue() {
        List<HasMetadata> objects = render(client, t -> t.set("shutdownGraceSeconds", 120));
        PodSpec pod = one(objects, Deployment.class, "ma-matrix-architect-worker")
                .getSpec()
                .getTemplate()
                .getSpec();
        assertThat(env(pod.getContainers().getFirst(), "ARCHITECT_SHUTDOWN_GRACE"))
                .isEqualTo("120s");
        assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(150L);
    }

    private static Set<String> rules(Role role) {
        Set<String> out = new TreeSet<>();
        for (PolicyRule r : role.getRules()) {
            for (String group : r.getApiGroups())
                for (String res : r.getResources())
                    for (String verb : r.getVerbs()) out.add(group + "/" + res + " " + verb);
        }
        return out;
    }

    /** Creates every object; custom resources through their definition context (the mock has no discovery). */
    private void apply(List<HasMetadata> objects) {
        Map<String, String> plurals = Map.of(
                "ServiceMonitor", "servicemonitors",
                "ScaledObject", "scaledobjects",
                "TriggerAuthentication", "triggerauthentications");
        for (HasMetadata o : objects) {
            String ns = o.getMetadata().getNamespace() != null
                    ? o.getMetadata().getNamespace()
                    : o.getKind().equals("Namespace") ? null : NS;
            if (o instanceof GenericKubernetesResource g) {
                String[] gv = g.getApiVersion().split("/");
                ResourceDefinitionContext ctx = new ResourceDefinitionContext.Builder()
                        .withGroup(gv[0])
                        .withVersion(gv[1])
                        .withKind(g.getKind())
                        .withPlural(plurals.get(g.getKind()))
                        .withNamespaced(true)
                        .build();
                assertThat(client.genericKubernetesResources(ctx)
                                .inNamespace(ns)
                                .resource(g)
                                .create())
                        .isNotNull();
            } else if (ns == null) {
                assertThat(client.resource(o).create()).isNotNull();
            } else {
                assertThat(client.resource(o).inNamespace(ns).create()).isNotNull();
            }
        }
    }
}
