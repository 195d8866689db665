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
     * A configured deploy target.
     *
     * @param environment {@code production}, {@code staging}, … (policies read it; production needs admin)
     * @param command shell command run in the sandbox at the job's result commit
     * @param healthUrl checked after the command succeeded, when set
     * @param secrets names of secrets the command receives as environment variables
     * @param rollbackCommand run in the sandbox when the command or the health check fails, with the last release
     *     that succeeded on this target in {@code ROLLBACK_TO_RELEASE_ID} and {@code ROLLBACK_TO_COMMIT}; none when
     *     unset
     */
    public record DeployTarget(
            String environment, String command, String healthUrl, List<String> secrets, String rollbackCommand) {
        public DeployTarget {
            secrets = secrets == null ? List.of() : List.copyOf(secrets);
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
