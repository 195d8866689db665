package ai.matrix.architect.deploy.kubernetes;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.deploy.DeployTarget;
import ai.matrix.architect.deploy.DeployTargetType;
import ai.matrix.architect.deploy.HealthUrl;
import ai.matrix.architect.net.NetworkProperties;
import ai.matrix.architect.secret.SecretException;
import ai.matrix.architect.secret.Secrets;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * {@code type: kubernetes}. Credentials, in this order: a kubeconfig file's text (secret reference), a bearer
 * token (secret reference) with the API server's URL, else the in-cluster service account. They are read when
 * the target is first used, so a secret that changes is read again after a restart only.
 */
@Component
public class KubernetesTargetType implements DeployTargetType {
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final Secrets secrets;
    private final HealthUrl health;

    public KubernetesTargetType(Secrets secrets, NetworkProperties network) {
        this.secrets = secrets;
        this.health = new HealthUrl(network.policy(), Clock.systemUTC(), Duration.ofSeconds(2));
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public Duration defaultTimeout() {
        return Duration.ofMinutes(5);
    }

    @Override
    public List<ConfigProblem> problems(ArchitectProperties.DeployTarget config) {
        return problems(config.kubernetes(), true);
    }

    /** What a kubernetes section lacks; {@code manifests} is needed by kubernetes targets, not by helm ones. */
    static List<ConfigProblem> problems(ArchitectProperties.Kubernetes k, boolean manifests) {
        List<ConfigProblem> out = new ArrayList<>();
        if (k == null || k.namespace() == null || k.namespace().isBlank()) {
            out.add(new ConfigProblem("kubernetes.namespace", "is required: the one namespace the target deploys to"));
        } else if (!DNS_LABEL.matcher(k.namespace()).matches()) {
            out.add(new ConfigProblem("kubernetes.namespace", "is '" + k.namespace() + "', not a namespace name"));
        }
        if (manifests && (k == null || k.manifests() == null || k.manifests().isBlank())) {
            out.add(new ConfigProblem(
                    "kubernetes.manifests", "is required: the file or directory of manifests in the repository"));
        }
        if (k != null
                && k.token() != null
                && !k.token().isBlank()
                && (k.apiServer() == null || k.apiServer().isBlank())) {
            out.add(new ConfigProblem("kubernetes.api-server", "is required with kubernetes.token"));
        }
        if (k != null && k.apiServer() != null && !k.apiServer().matches("https?://\\S+")) {
            out.add(new ConfigProblem("kubernetes.api-server", "must be an http(s) URL"));
        }
        return out;
    }

    @Override
    public List<Credential> credentials(ArchitectProperties.DeployTarget config) {
        return credentials(config.kubernetes());
    }

    static List<Credential> credentials(ArchitectProperties.Kubernetes k) {
        if (k == null) return List.of();
        return List.of(
                new Credential("kubernetes.kubeconfig", k.kubeconfig()), new Credential("kubernetes.token", k.token()));
    }

    @Override
    public DeployTarget create(String name, ArchitectProperties.DeployTarget config) {
        return new KubernetesTarget(
                name,
                config,
                client(config.kubernetes()),
                health,
                Duration.ofSeconds(2),
                KubernetesTarget.SERVER_SIDE_APPLY);
    }

    /** A client made on first use from the target's credentials. */
    Supplier<KubernetesClient> client(ArchitectProperties.Kubernetes k) {
        return new Supplier<>() {
            private KubernetesClient made;

            @Override
            public synchronized KubernetesClient get() {
                if (made == null)
                    made = new KubernetesClientBuilder().withConfig(config(k)).build();
                return made;
            }
        };
    }

    private Config config(ArchitectProperties.Kubernetes k) {
        if (k.kubeconfig() != null && !k.kubeconfig().isBlank()) {
            return Config.fromKubeconfig(secret(k.kubeconfig()));
        }
        if (k.token() != null && !k.token().isBlank()) {
            return new ConfigBuilder(Config.empty())
                    .withMasterUrl(k.apiServer())
                    .withOauthToken(secret(k.token()))
                    .withNamespace(k.namespace())
                    .build();
        }
        return Config.autoConfigure(null);
    }

    private String secret(String reference) {
        return secrets.resolve(reference)
                .orElseThrow(() -> new SecretException("the secret '" + reference + "' does not exist"));
    }
}
