package ai.matrix.architect.security;

import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The permission table of docs/security.md, the one source of who may call what. {@link SecurityConfiguration}
 * turns it into the request rules (401/403 by role) and {@link ProjectAccess} applies its job-scoped rows to the
 * job named in the path (404 outside the caller's projects, 403 below the needed role in the project). The first
 * matching row wins.
 *
 * @param method null matches every method
 * @param role null: no token needed
 * @param jobScoped the path's {@code {job}} names a job, which must be in one of the caller's projects
 */
public record Permissions(HttpMethod method, String pattern, Role role, boolean jobScoped) {
    private static final PathPatternParser PARSER = new PathPatternParser();

    public static final List<Permissions> TABLE = List.of(
            open("/api/health"),
            open("/api/auth/token"),
            rule(HttpMethod.GET, "/api/users", Role.ADMIN),
            rule(HttpMethod.POST, "/api/users", Role.ADMIN),
            rule(HttpMethod.PATCH, "/api/users/{username}", Role.ADMIN),
            rule(HttpMethod.DELETE, "/api/users/{username}", Role.ADMIN),
            rule(HttpMethod.GET, "/api/tokens", Role.VIEWER),
            rule(HttpMethod.POST, "/api/tokens", Role.VIEWER),
            rule(HttpMethod.DELETE, "/api/tokens/{id}", Role.VIEWER),
            rule(HttpMethod.GET, "/api/projects", Role.VIEWER),
            rule(HttpMethod.POST, "/api/projects", Role.ADMIN),
            rule(HttpMethod.PUT, "/api/projects/{name}/members/{username}", Role.ADMIN),
            rule(HttpMethod.DELETE, "/api/projects/{name}/members/{username}", Role.ADMIN),
            rule(HttpMethod.GET, "/api/audit", Role.ADMIN),
            rule(HttpMethod.GET, "/api/audit/verify", Role.ADMIN),
            rule(HttpMethod.GET, "/api/audit/heads", Role.ADMIN),
            rule(HttpMethod.POST, "/api/housekeeping", Role.ADMIN),
            rule(HttpMethod.GET, "/api/jobs", Role.VIEWER),
            rule(HttpMethod.POST, "/api/jobs", Role.OPERATOR),
            job(HttpMethod.GET, "/api/jobs/{job}", Role.VIEWER),
            job(HttpMethod.GET, "/api/jobs/{job}/logs", Role.VIEWER),
            job(HttpMethod.POST, "/api/execute/{job}", Role.OPERATOR),
            job(HttpMethod.POST, "/api/jobs/{job}/cancel", Role.OPERATOR),
            job(HttpMethod.POST, "/api/jobs/{job}/retry", Role.OPERATOR),
            job(HttpMethod.POST, "/api/jobs/{job}/approve", Role.OPERATOR),
            job(HttpMethod.POST, "/api/jobs/{job}/reject", Role.OPERATOR),
            job(HttpMethod.GET, "/api/jobs/{job}/ledger", Role.VIEWER),
            job(HttpMethod.GET, "/api/jobs/{job}/ledger/statements", Role.VIEWER),
            job(HttpMethod.GET, "/api/artifacts/{job}", Role.VIEWER),
            job(HttpMethod.GET, "/api/artifacts/{job}/{name}", Role.VIEWER),
            rule(HttpMethod.GET, "/api/approvals", Role.VIEWER),
            rule(HttpMethod.GET, "/api/events", Role.VIEWER),
            rule(HttpMethod.GET, "/api/policies", Role.ADMIN),
            rule(HttpMethod.GET, "/api/policies/{name}", Role.ADMIN),
            rule(HttpMethod.GET, "/api/policies/{name}/versions/{version}", Role.ADMIN),
            rule(HttpMethod.POST, "/api/policies/validate", Role.ADMIN),
            rule(HttpMethod.PUT, "/api/policies/{name}", Role.ADMIN),
            rule(HttpMethod.POST, "/api/policies/{name}/dry-run", Role.ADMIN),
            rule(HttpMethod.GET, "/api/stats", Role.VIEWER),
            rule(HttpMethod.GET, "/api/deploy/targets", Role.VIEWER),
            rule(HttpMethod.GET, "/api/releases", Role.VIEWER),
            rule(HttpMethod.GET, "/api/targets/{name}", Role.VIEWER),
            // operators on non-production targets; the controller asks admin for production ones
            rule(HttpMethod.POST, "/api/targets/{name}/rollback", Role.OPERATOR),
            rule(HttpMethod.GET, "/api/profiles", Role.VIEWER),
            rule(HttpMethod.GET, "/api/recipes", Role.VIEWER),
            rule(HttpMethod.POST, "/api/chat", Role.VIEWER),
            // the public key that verifies attestations: anyone checking evidence may fetch it
            new Permissions(HttpMethod.GET, "/api/keys/attestation", null, false),
            // the public key that verifies the commits it signs: anyone verifying a pushed commit may fetch it
            new Permissions(HttpMethod.GET, "/api/keys/commit-signing", null, false),
            // the Matrix Hub catalog: the Hub reads it without a token
            new Permissions(HttpMethod.GET, "/api/hub/index.json", null, false),
            new Permissions(HttpMethod.GET, "/api/hub/manifests/{name}", null, false),
            // what other parts add under a job: reading needs viewer, acting operator, in the job's project
            job(HttpMethod.GET, "/api/jobs/{job}/**", Role.VIEWER),
            job(HttpMethod.POST, "/api/jobs/{job}/**", Role.OPERATOR),
            rule(HttpMethod.GET, "/api/**", Role.VIEWER),
            rule(null, "/api/**", Role.ADMIN));

    private static Permissions open(String pattern) {
        return new Permissions(null, pattern, null, false);
    }

    private static Permissions rule(HttpMethod method, String pattern, Role role) {
        return new Permissions(method, pattern, role, false);
    }

    private static Permissions job(HttpMethod method, String pattern, Role role) {
        return new Permissions(method, pattern, role, true);
    }

    public PathPattern parsed() {
        return PARSER.parse(pattern);
    }

    /** The first row that matches the request, if any. */
    public static Optional<Permissions> match(String method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        for (Permissions p : TABLE) {
            if (p.method() != null && !p.method().name().equals(method)) continue;
            if (p.parsed().matches(container)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** The job id of a job-scoped row's path. */
    public Optional<String> jobId(String path) {
        if (!jobScoped) return Optional.empty();
        var info = parsed().matchAndExtract(PathContainer.parsePath(path));
        return info == null
                ? Optional.empty()
                : Optional.ofNullable(info.getUriVariables().get("job"));
    }
}
