package ai.matrix.architect.deploy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The life of a release, the same for every target type: a release that was healthy is never deployed again;
 * otherwise an attempt opens, the target deploys and is waited on until healthy or its timeout; a release that
 * does not become healthy is rolled back to the target's current release (automatic rollback), which is then
 * checked healthy again. An explicit rollback puts an earlier healthy release back and makes it current.
 */
@org.springframework.stereotype.Component
public class ReleaseFlow {
    private final Releases releases;
    private final Clock clock;

    public ReleaseFlow(Releases releases, Clock clock) {
        this.releases = releases;
        this.clock = clock;
    }

    /** What became of a rollback: the release gone back to (null: none), and how it went. */
    public record Rollback(String toRelease, String status, String detail, Health health, Deployed deployed) {}

    /**
     * The end of a deploy or an explicit rollback.
     *
     * @param status {@code healthy}, {@code reused} (deployed before: not again), {@code failed},
     *     {@code rolled_back}
     * @param why why it failed, null when healthy
     */
    public record Outcome(
            String status,
            ReleaseRecord release,
            DeployOutput.Attempt attempt,
            Deployed deployed,
            Health health,
            Rollback rollback,
            String why) {
        public boolean healthy() {
            return ReleaseRecord.HEALTHY.equals(status) || "reused".equals(status);
        }
    }

    /** Deploys the release to the target, or says it already was; {@code timeout} bounds the health wait. */
    public Outcome deploy(DeployTarget target, ReleaseRequest request, Duration timeout) throws InterruptedException {
        String id = request.releaseId();
        Optional<ReleaseRecord> existing = releases.record(id);
        if (existing.isPresent() && existing.get().wasHealthy()) {
            request.log().accept("[DEPLOY] release " + id + " already became healthy; not deploying again");
            return new Outcome("reused", existing.get(), null, null, null, null, null);
        }
        Optional<ReleaseRecord> previous = releases.current(request.target()).filter(r -> !r.id().equals(id));
        DeployOutput.Attempt attempt = releases.start(
                new Releases.Opening(
                        id,
                        request.jobId(),
                        request.target(),
                        target.type(),
                        request.environment(),
                        request.commit(),
                        previous.map(ReleaseRecord::id).orElse(null)),
                clock.instant());
        ReleaseRequest req = request.withAttempt(attempt);
        req.log()
                .accept("[DEPLOY] release " + id + " attempt " + attempt.number()
                        + (attempt.resumed() ? ": resumes an attempt that was interrupted before it finished" : ""));
        Deployed deployed;
        try {
            deployed = target.deploy(req);
        } catch (DeployException e) {
            return failed(target, req, previous.orElse(null), e.getMessage(), e.partial(), null, timeout);
        }
        releases.deployed(id, deployed);
        Health health = awaitHealth(target, req, deployed, timeout);
        req.log().accept("[DEPLOY] health of " + id + ": " + health.evidence());
        if (health.healthy()) {
            releases.becomeCurrent(id, req.target(), health.evidence(), ReleaseRecord.SUPERSEDED, clock.instant());
            return new Outcome(ReleaseRecord.HEALTHY, record(id), attempt, deployed, health, null, null);
        }
        String why = "health check failed: " + health.evidence()
                + (health.timedOut() ? " (not healthy within " + seconds(timeout) + ")" : "");
        return failed(target, req, previous.orElse(null), why, deployed, health, timeout);
    }

    /**
     * The release failed: without a way back it is {@code failed}; otherwise the target goes back to the release
     * that was current, which must be healthy again for the release to count as {@code rolled_back}.
     */
    private Outcome failed(
            DeployTarget target,
            ReleaseRequest req,
            ReleaseRecord previous,
            String why,
            Deployed deployed,
            Health health,
            Duration timeout)
            throws InterruptedException {
        String id = req.releaseId();
        String output = deployed == null ? null : deployed.output();
        String evidence = health == null ? why : health.evidence();
        if (!target.canRollBack()) {
            releases.finish(id, ReleaseRecord.FAILED, evidence, output, clock.instant());
            return new Outcome(ReleaseRecord.FAILED, record(id), req.attempt(), deployed, health, null, why);
        }
        req.log()
                .accept("[DEPLOY] " + why + "; rolling back"
                        + (previous == null ? " (no earlier release was healthy here)" : " to " + previous.id()));
        Rollback rollback = rollBackTo(target, req, previous, timeout);
        String status = rollback.status().equals("succeeded") ? ReleaseRecord.ROLLED_BACK : ReleaseRecord.FAILED;
        String rollbackOutput =
                rollback.deployed() == null ? null : rollback.deployed().output();
        releases.finish(id, status, evidence, join(output, rollbackOutput), clock.instant());
        String what = status.equals(ReleaseRecord.ROLLED_BACK)
                ? (previous == null ? "rolled back" : "rolled back to " + previous.id())
                : "the rollback failed too: "
                        + (rollback.health() == null
                                ? rollback.detail()
                                : rollback.health().evidence());
        return new Outcome(status, record(id), req.attempt(), deployed, health, rollback, why + "; " + what);
    }

    private Rollback rollBackTo(DeployTarget target, ReleaseRequest req, ReleaseRecord to, Duration timeout)
            throws InterruptedException {
        String toId = to == null ? null : to.id();
        try {
            Deployed back = target.rollBack(req, to);
            if (to == null) return new Rollback(null, "succeeded", back.output(), null, back);
            Health h = awaitHealth(target, req, back, timeout);
            req.log().accept("[DEPLOY] health of " + toId + " after the rollback: " + h.evidence());
            releases.health(toId, h.evidence());
            return new Rollback(toId, h.healthy() ? "succeeded" : "failed", back.output(), h, back);
        } catch (DeployException e) {
            req.log().accept("[DEPLOY] " + e.getMessage());
            return new Rollback(toId, "failed", e.getMessage(), null, e.partial());
        }
    }

    /**
     * The target's health wait; a target that cannot even be asked is unhealthy, with why. Its deadline is on the
     * system clock, not the injected one (which records timestamps, and stands still in some tests).
     */
    private Health awaitHealth(DeployTarget target, ReleaseRequest req, Deployed deployed, Duration timeout)
            throws InterruptedException {
        try {
            return target.awaitHealth(req, deployed, Instant.now().plus(timeout));
        } catch (DeployException e) {
            return Health.failed(e.getMessage());
        }
    }

    /** Why an explicit rollback cannot be done: the release is unknown (404) or in no state to go back to (409). */
    public static class RollbackRefused extends RuntimeException {
        private final boolean unknown;

        RollbackRefused(String message, boolean unknown) {
            super(message);
            this.unknown = unknown;
        }

        public boolean unknown() {
            return unknown;
        }
    }

    /**
     * Puts the earlier release {@code toId} back on the target and, once it is healthy, makes it current (the
     * release it replaces is {@code rolled_back}); when it does not become healthy nothing changes but its evidence.
     *
     * @param request the call: its release id is the current release's, its job and commit those of {@code toId}
     */
    public Outcome rollBack(DeployTarget target, ReleaseRequest request, String toId, Duration timeout)
            throws InterruptedException {
        ReleaseRecord to = checkRollback(target, request.target(), toId);
        request.log().accept("[DEPLOY] explicit rollback of " + request.target() + " to " + toId);
        Rollback r = rollBackTo(target, request, to, timeout);
        if (!r.status().equals("succeeded")) {
            return new Outcome(ReleaseRecord.FAILED, record(toId), null, null, r.health(), r, r.detail());
        }
        releases.becomeCurrent(
                toId, request.target(), r.health().evidence(), ReleaseRecord.ROLLED_BACK, clock.instant());
        return new Outcome(ReleaseRecord.HEALTHY, record(toId), null, null, r.health(), r, null);
    }

    /** The release {@code toId} of the target, after checking that a rollback to it makes sense. */
    public ReleaseRecord checkRollback(DeployTarget target, String targetName, String toId) {
        ReleaseRecord to = releases.record(toId)
                .filter(r -> r.target().equals(targetName))
                .orElseThrow(() -> new RollbackRefused(
                        "No release '" + toId + "' was deployed to the target '" + targetName + "'.", true));
        if (!to.wasHealthy()) {
            throw new RollbackRefused(
                    "The release '" + toId + "' never became healthy (it is " + to.status() + "); only a release"
                            + " that was healthy can be rolled back to.",
                    false);
        }
        if (ReleaseRecord.HEALTHY.equals(to.status())) {
            throw new RollbackRefused("The release '" + toId + "' is already the current release.", false);
        }
        if (!target.canRollBack()) {
            throw new RollbackRefused(
                    "The target '" + targetName + "' cannot roll back (a command target needs"
                            + " its rollback-command).",
                    false);
        }
        return to;
    }

    private ReleaseRecord record(String id) {
        return releases.record(id).orElseThrow();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static String join(String a, String b) {
        if (a == null || a.isEmpty()) return b;
        if (b == null || b.isEmpty()) return a;
        return a + (a.endsWith("\n") ? "" : "\n") + "--- rollback ---\n" + b;
    }
}
