package ai.matrix.architect.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Typed configuration of the product, bound from {@code architect.*} (environment: {@code ARCHITECT_*}).
 *
 * @param dataDir H2 database, artifacts, keys and workspaces live here
 * @param mode {@code serve} (API and worker), {@code api} (no worker) or {@code worker} (no API)
 * @param repoRoots colon-separated directories under which {@code file://} URLs and local paths are allowed;
 *     empty means {@code <dataDir>/repos}
 * @param sandbox {@code auto}, {@code bwrap}, {@code none}
 * @param adminPassword password of the bootstrap admin; generated and printed once when empty
 * @param requireApprovals every job needs approval at GATE unless its request says otherwise
 * @param workerName name recorded on stages run by this process; empty means host name and pid
 * @param workspaceDir where job workspaces are made; empty means {@code <dataDir>/workspaces}
 * @param artifactsDir the artifact store; empty means {@code <dataDir>/artifacts}
 * @param stageTimeout wall-clock limit of one sandboxed command
 * @param shutdownGrace on SIGTERM, how long running stages may take to finish before they are handed back to
 *     other workers ({@code ARCHITECT_SHUTDOWN_GRACE})
 * @param prometheusPublic whether /actuator/prometheus answers without a token (else admins only)
 * @param deployTargets configured deploy targets by name
 * @param jwt token settings
 */
@ConfigurationProperties("architect")
public record ArchitectProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("serve") String mode,
        @DefaultValue("") String repoRoots,
        @DefaultValue("auto") String sandbox,
        @DefaultValue("") String adminPassword,
        @DefaultValue("false") boolean requireApprovals,
        @DefaultValue("") String workerName,
        @DefaultValue("") String workspaceDir,
        @DefaultValue("") String artifactsDir,
        @DefaultValue("30m") Duration stageTimeout,
        @DefaultValue("30s") Duration shutdownGrace,
        @DefaultValue("false") boolean prometheusPublic,
        Map<String, DeployTarget> deployTargets,
        @DefaultValue Jwt jwt) {

    /**
     * A configured deploy target (docs/deploy.md).
     *
     * @param type {@code command} (default), {@code kubernetes}, {@code helm} or {@code argocd}
     * @param environment {@code production}, {@code staging}, … (policies read it; production needs admin)
     * @param command shell command run in the sandbox at the job's result commit ({@code command} targets)
     * @param healthUrl checked after the deploy, when set, against the address policy
     * @param secrets names of secrets the command receives as environment variables
     * @param rollbackCommand run in the sandbox when the command or the health check fails, with the last release
     *     that succeeded on this target in {@code ROLLBACK_TO_RELEASE_ID} and {@code ROLLBACK_TO_COMMIT}; none when
     *     unset
     * @param timeout how long the release may take to become healthy; null means the type's default
     * @param kubernetes settings of {@code kubernetes} and {@code helm} targets
     * @param helm settings of {@code helm} targets
     * @param argocd settings of {@code argocd} targets
     */
    public record DeployTarget(
            String type,
            String environment,
            String command,
            String healthUrl,
            List<String> secrets,
            String rollbackCommand,
            Duration timeout,
            Kubernetes kubernetes,
            Helm helm,
            ArgoCd argocd) {
        public DeployTarget {
            type = type == null || type.isBlank() ? "command" : type.strip();
            secrets = secrets == null ? List.of() : List.copyOf(secrets);
        }
    }

    /**
     * Where and what a {@code kubernetes} (or {@code helm}) target deploys. Credentials are secret references
     * ({@code scheme:name}), never the values: a kubeconfig file's text, or a bearer token with the API server's
     * URL; neither means the in-cluster service account.
     *
     * @param namespace the only namespace anything is applied to
     * @param manifests a file or directory of YAML manifests in the repository at the result commit
     * @param image optional image override: containers whose image has this repository get this image
     * @param prune delete objects the previous release had and this one no longer has
     * @param kubeconfig secret reference to a kubeconfig file's text
     * @param token secret reference to a bearer token (with {@code apiServer})
     * @param apiServer the API server's URL, with {@code token}
     */
    public record Kubernetes(
            String namespace,
            String manifests,
            String image,
            boolean prune,
            String kubeconfig,
            String token,
            String apiServer) {}

    /**
     * @param chart path of the chart in the repository at the result commit
     * @param release the Helm release name (default: the target's name)
     * @param values path of a values file in the repository, optional
     * @param set the target's own values ({@code key: value}), applied after the file
     */
    public record Helm(String chart, String release, String values, Map<String, String> set) {
        public Helm {
            set = set == null ? Map.of() : Map.copyOf(set);
        }
    }

    /**
     * @param url Argo CD's base URL
     * @param application the Argo CD application to sync
     * @param token secret reference to an Argo CD API token
     * @param repo the GitOps repository (URL or local path, as a job's repository)
     * @param branch the branch Argo CD follows (default {@code main})
     * @param path the file or directory in the GitOps repository DEPLOY writes the release's manifests to
     * @param source the file or directory in the job's repository (at the result commit) those manifests come from
     */
    public record ArgoCd(
            String url, String application, String token, String repo, String branch, String path, String source) {
        public ArgoCd {
            branch = branch == null || branch.isBlank() ? "main" : branch;
        }
    }

    /**
     * @param secret HS256 secret (at least 32 bytes); empty means generate one and keep it in the data dir
     * @param issuer {@code iss} of issued tokens, checked on every request
     * @param audience {@code aud} of issued tokens, checked on every request
     * @param ttl lifetime of issued tokens
     */
    public record Jwt(
            @DefaultValue("") String secret,
            @DefaultValue("matrix-architect") String issuer,
            @DefaultValue("matrix-architect-api") String audience,
            @DefaultValue("1h") Duration ttl) {}

    public ArchitectProperties {
        deployTargets = deployTargets == null ? Map.of() : Map.copyOf(deployTargets);
    }

    public List<Path> allowedRepoRoots() {
        if (repoRoots.isBlank())
            return List.of(dataDir.resolve("repos").toAbsolutePath().normalize());
        return Arrays.stream(repoRoots.split(":"))
                .filter(s -> !s.isBlank())
                .map(s -> Path.of(s).toAbsolutePath().normalize())
                .toList();
    }

    public Path workspaces() {
        return workspaceDir.isBlank() ? dataDir.resolve("workspaces") : Path.of(workspaceDir);
    }

    public Path artifacts() {
        return artifactsDir.isBlank() ? dataDir.resolve("artifacts") : Path.of(artifactsDir);
    }

    public boolean runsWorker() {
        return !"api".equals(mode);
    }

    public boolean servesApi() {
        return !"worker".equals(mode);
    }
}
