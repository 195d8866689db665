package ai.matrix.architect.deploy;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.engine.Stage;
import ai.matrix.architect.engine.StageContext;
import ai.matrix.architect.engine.StageOutcome;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobFacts;
import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.patch.PatchedWorkspaces;
import java.nio.file.Path;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * DEPLOY: skipped when the job names no target; an unknown target fails with the configured names. Otherwise
 * the job's result goes to the target through {@link ReleaseFlow}, whatever the target's type: the release id
 * ({@code rel_<job>}) is the idempotency key, so a release that became healthy is never deployed again when the
 * stage is resumed; a release that does not become healthy within the target's timeout is rolled back to the
 * target's current release, and the stage fails either way.
 *
 * <p>Delivery to the target is at least once: a worker that dies or stops while the target is called leaves the
 * release {@code deploying}, and the next attempt (on another worker) calls the target again with the same
 * release id, told that it resumes; every attempt is recorded on the release.
 */
@Component
class DeployStage implements Stage {
    private final DeployTargets targets;
    private final ReleaseFlow flow;
    private final PatchedWorkspaces workspaces;
    private final ObjectMapper json;

    DeployStage(DeployTargets targets, ReleaseFlow flow, PatchedWorkspaces workspaces, ObjectMapper json) {
        this.targets = targets;
        this.flow = flow;
        this.workspaces = workspaces;
        this.json = json;
    }

    @Override
    public StageName name() {
        return StageName.DEPLOY;
    }

    @Override
    public StageOutcome run(StageContext ctx) throws Exception {
        Job job = ctx.job();
        JobRequest.Deploy deploy = job.spec().deploy();
        if (deploy == null || deploy.target() == null) return StageOutcome.skipped("no deploy target");
        var target = targets.get(deploy.target());
        if (target.isEmpty()) {
            return StageOutcome.failed("Unknown deploy target '" + deploy.target() + "'; "
                    + (targets.names().isEmpty()
                            ? "no deploy targets are configured on this server."
                            : "configured targets: " + String.join(", ", targets.names()) + "."));
        }
        ArchitectProperties.DeployTarget config =
                targets.config(deploy.target()).orElseThrow();
        String releaseId = "rel_" + job.id().replaceFirst("^job_", "");
        Path workTree = workspaces.of(job).workTree();
        ReleaseRequest request = new ReleaseRequest(
                releaseId,
                deploy.target(),
                config.environment(),
                job.id(),
                job.project(),
                job.resultCommit(),
                null,
                workTree,
                job,
                ctx.log()::line);
        ReleaseFlow.Outcome outcome = flow.deploy(target.get(), request, targets.timeout(deploy.target()));
        DeployOutput out =
                output(DeployOutput.started(releaseId, deploy.target(), config.environment()), outcome, config);
        if (outcome.healthy()) {
            String summary = "reused".equals(outcome.status())
                    ? "release " + releaseId + " already deployed to " + deploy.target()
                    : "release " + releaseId + " deployed to " + deploy.target();
            return StageOutcome.succeeded(summary, json.valueToTree(out));
        }
        return new StageOutcome.Failed(outcome.why(), json.valueToTree(out), JobFacts.none());
    }

    /** The checkpointed output: what the command printed and returned, the health evidence, the rollback. */
    private static DeployOutput output(
            DeployOutput started, ReleaseFlow.Outcome o, ArchitectProperties.DeployTarget c) {
        ReleaseRecord r = o.release();
        if ("reused".equals(o.status())) {
            return started.reused(r.output()).described(r.targetType(), r.status(), r.deployed(), r.previousRelease());
        }
        DeployOutput out = started.attempted(o.attempt());
        Deployed d = o.deployed();
        if (d != null && d.details().containsKey("command")) {
            out = out.ran(
                    (String) d.details().get("command"),
                    ((Number) d.details().get("exit_code")).intValue(),
                    ((Number) d.details().get("duration_ms")).longValue(),
                    r.output());
        } else if (r.output() != null) {
            out = out.printed(r.output());
        }
        if (o.health() != null) {
            boolean url = c.healthUrl() != null && !c.healthUrl().isBlank();
            out = out.checked(url ? c.healthUrl() : null, o.health().evidence());
        }
        if (o.rollback() != null) {
            ReleaseFlow.Rollback rb = o.rollback();
            boolean command = "command".equals(r.targetType());
            Object exit = rb.deployed() == null ? null : rb.deployed().details().get("exit_code");
            out = out.rolledBack(
                    new DeployOutput.Rollback(
                            command ? c.rollbackCommand() : null,
                            rb.toRelease(),
                            exit == null ? null : ((Number) exit).intValue(),
                            rb.status()),
                    r.output());
        }
        return out.described(
                r.targetType(), r.status(), r.deployed().isEmpty() ? null : r.deployed(), r.previousRelease());
    }
}
