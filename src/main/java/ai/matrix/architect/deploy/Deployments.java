package ai.matrix.architect.deploy;

import ai.matrix.architect.audit.AuditLog;
import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * What the API says about targets and releases, and the explicit rollback: releases are listed only for jobs of
 * the caller's projects ({@code visible} null: all, for admins); a rollback is recorded in the audit log.
 */
@Service
public class Deployments {
    private static final int HISTORY = 50;

    private final DeployTargets targets;
    private final Releases releases;
    private final ReleaseFlow flow;
    private final JobStore jobs;
    private final AuditLog audit;

    Deployments(DeployTargets targets, Releases releases, ReleaseFlow flow, JobStore jobs, AuditLog audit) {
        this.targets = targets;
        this.releases = releases;
        this.flow = flow;
        this.jobs = jobs;
        this.audit = audit;
    }

    public List<ReleaseRecord> releases(String target, String environment, int limit, List<String> visible) {
        return releases.list(target, environment, limit).stream()
                .filter(r -> visible == null || visible.contains(r.project()))
                .toList();
    }

    /**
     * A target: its type and environment, the current release and the history (both only as far as the caller
     * may see the jobs), and what the target itself says runs there.
     */
    public Optional<Map<String, Object>> target(String name, List<String> visible) {
        Optional<ArchitectProperties.DeployTarget> config = targets.config(name);
        if (config.isEmpty()) return Optional.empty();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", name);
        view.put("type", config.get().type());
        view.put("environment", config.get().environment());
        view.put(
                "current",
                releases.current(name)
                        .filter(r -> visible == null || visible.contains(r.project()))
                        .orElse(null));
        view.put("history", releases(name, null, HISTORY, visible));
        try {
            view.put("state", targets.get(name).orElseThrow().describe());
        } catch (DeployException | RuntimeException e) {
            view.put("state", new TargetState("the target could not be asked: " + e.getMessage(), null));
        }
        return Optional.of(view);
    }

    public boolean exists(String name) {
        return targets.config(name).isPresent();
    }

    /** Whether the target's environment is production (a rollback there needs admin). */
    public boolean production(String name) {
        return targets.config(name)
                .map(c -> "production".equalsIgnoreCase(c.environment()))
                .orElse(false);
    }

    /** The outcome of an explicit rollback and the lines it logged. */
    public record RollbackResult(ReleaseFlow.Outcome outcome, List<String> log) {}

    /**
     * Rolls the target back to {@code toRelease} now (in this call), and records who did it and how it went.
     *
     * @throws ReleaseFlow.RollbackRefused when the target or release is unknown or cannot be gone back to
     */
    public RollbackResult rollBack(String name, String toRelease, String actor) throws InterruptedException {
        DeployTarget target = targets.get(name)
                .orElseThrow(() -> new ReleaseFlow.RollbackRefused("No deploy target '" + name + "'.", true));
        ReleaseRecord to = flow.checkRollback(target, name, toRelease);
        Optional<ReleaseRecord> current = releases.current(name);
        Job job = jobs.find(to.jobId()).orElse(null);
        List<String> log = new ArrayList<>();
        ReleaseRequest request = new ReleaseRequest(
                current.map(ReleaseRecord::id).orElse(to.id()),
                name,
                targets.config(name).orElseThrow().environment(),
                to.jobId(),
                to.project(),
                to.commit(),
                null,
                null,
                job,
                log::add);
        ReleaseFlow.Outcome outcome = flow.rollBack(target, request, toRelease, targets.timeout(name));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("to_release", toRelease);
        details.put("from_release", current.map(ReleaseRecord::id).orElse(null));
        details.put("status", outcome.status());
        if (outcome.why() != null) details.put("why", outcome.why());
        audit.appendAs(actor, "release.rollback", name, details);
        return new RollbackResult(outcome, log);
    }
}
