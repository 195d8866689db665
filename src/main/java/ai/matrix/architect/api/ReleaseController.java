package ai.matrix.architect.api;

import ai.matrix.architect.deploy.Deployments;
import ai.matrix.architect.deploy.ReleaseFlow;
import ai.matrix.architect.deploy.ReleaseRecord;
import ai.matrix.architect.job.InvalidRequestException;
import ai.matrix.architect.security.Callers;
import ai.matrix.architect.security.ProjectAccess;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Releases and deploy targets (docs/deploy.md): history, the current release, and the explicit rollback. */
@RestController
class ReleaseController {
    private final Deployments deployments;
    private final ProjectAccess access;

    ReleaseController(Deployments deployments, ProjectAccess access) {
        this.deployments = deployments;
        this.access = access;
    }

    @GetMapping("/api/releases")
    Map<String, List<ReleaseRecord>> releases(
            @RequestParam(required = false) String target,
            @RequestParam(required = false) String environment,
            @RequestParam(defaultValue = "100") int limit,
            Authentication who) {
        if (limit < 1 || limit > 500) throw new InvalidRequestException("limit", "must be between 1 and 500");
        return Map.of(
                "items",
                deployments.releases(
                        blankToNull(target), blankToNull(environment), limit, access.visibleProjects(who)));
    }

    @GetMapping("/api/targets/{name}")
    Map<String, Object> target(@PathVariable String name, Authentication who) {
        return deployments
                .target(name, access.visibleProjects(who))
                .orElseThrow(
                        () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No deploy target '" + name + "'."));
    }

    record RollbackBody(String toRelease) {}

    /**
     * Rolls the target back to an earlier healthy release, now; operators may do it on non-production targets,
     * only admins on production ones. 200 when the release is current and healthy again; 502 when the target
     * could not be brought back (nothing changes then but the evidence).
     */
    @PostMapping("/api/targets/{name}/rollback")
    ResponseEntity<?> rollBack(
            @PathVariable String name, @RequestBody(required = false) RollbackBody body, Authentication who)
            throws InterruptedException {
        if (!deployments.exists(name)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No deploy target '" + name + "'.");
        }
        if (deployments.production(name) && !Callers.isAdmin(who)) {
            throw new ResponseStatusException(
                    HttpStatus.FORBIDDEN, "Rolling back a production target needs the admin role.");
        }
        if (body == null || body.toRelease() == null || body.toRelease().isBlank()) {
            throw new InvalidRequestException("to_release", "is required: the id of the release to go back to");
        }
        try {
            Deployments.RollbackResult r = deployments.rollBack(name, body.toRelease(), who.getName());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", r.outcome().status());
            answer.put("release", r.outcome().release());
            answer.put(
                    "health",
                    r.outcome().health() == null ? null : r.outcome().health().evidence());
            answer.put("log", r.log());
            if (r.outcome().healthy()) return ResponseEntity.ok(answer);
            return ProblemHandler.problem(
                    HttpStatus.BAD_GATEWAY,
                    "Rollback failed",
                    "The target '" + name + "' was not brought back to " + body.toRelease() + ": "
                            + r.outcome().why(),
                    null);
        } catch (ReleaseFlow.RollbackRefused e) {
            throw new ResponseStatusException(e.unknown() ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT, e.getMessage());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
