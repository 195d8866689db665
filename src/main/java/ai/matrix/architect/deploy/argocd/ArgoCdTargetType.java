package ai.matrix.architect.deploy.argocd;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.deploy.DeployTarget;
import ai.matrix.architect.deploy.DeployTargetType;
import ai.matrix.architect.net.NetworkProperties;
import ai.matrix.architect.secret.SecretException;
import ai.matrix.architect.secret.Secrets;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@code type: argocd}: GitOps through a GitOps repository and Argo CD's REST API. */
@Component
public class ArgoCdTargetType implements DeployTargetType {
    private final Secrets secrets;
    private final NetworkProperties network;

    public ArgoCdTargetType(Secrets secrets, NetworkProperties network) {
        this.secrets = secrets;
        this.network = network;
    }

    @Override
    public String name() {
        return "argocd";
    }

    @Override
    public Duration defaultTimeout() {
        return Duration.ofMinutes(5);
    }

    @Override
    public List<ConfigProblem> problems(ArchitectProperties.DeployTarget config) {
        ArchitectProperties.ArgoCd a = config.argocd();
        List<ConfigProblem> out = new ArrayList<>();
        if (a == null || a.url() == null || !a.url().matches("https?://\\S+")) {
            out.add(new ConfigProblem("argocd.url", "is required: Argo CD's http(s) URL"));
        }
        if (a == null || blank(a.application())) out.add(new ConfigProblem("argocd.application", "is required"));
        if (a == null || blank(a.repo()))
            out.add(new ConfigProblem("argocd.repo", "is required: the GitOps repository"));
        if (a == null || blank(a.path())) {
            out.add(new ConfigProblem("argocd.path", "is required: where the manifests go in the GitOps repository"));
        }
        if (a == null || blank(a.source())) {
            out.add(new ConfigProblem("argocd.source", "is required: where the manifests are in the job's repository"));
        }
        if (a == null || blank(a.token()))
            out.add(new ConfigProblem("argocd.token", "is required: a secret reference"));
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public List<Credential> credentials(ArchitectProperties.DeployTarget config) {
        return config.argocd() == null
                ? List.of()
                : List.of(new Credential("argocd.token", config.argocd().token()));
    }

    @Override
    public DeployTarget create(String name, ArchitectProperties.DeployTarget config) {
        ArchitectProperties.ArgoCd a = config.argocd();
        ArgoCdClient api = new ArgoCdClient(a.url(), a.application(), () -> {
            // Argo CD is an outgoing URL like any other: checked against the address policy before each call
            network.policy().problem(URI.create(a.url()).getHost()).ifPresent(p -> {
                throw new SecretException("Argo CD's URL " + p);
            });
            return secrets.resolve(a.token())
                    .orElseThrow(() -> new SecretException("the secret '" + a.token() + "' does not exist"));
        });
        return new ArgoCdTarget(name, a, api, Duration.ofSeconds(2));
    }
}
