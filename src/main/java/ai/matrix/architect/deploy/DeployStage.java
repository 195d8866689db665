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
import ai.matrix.architect.sandbox.SandboxException;
import ai.matrix.architect.sandbox.SandboxResult;
import ai.matrix.architect.sandbox.Sandboxes;
import ai.matrix.architect.sandbox.SecretFiles;
import ai.matrix.architect.secret.SecretException;
import ai.matrix.architect.secret.Secrets;
import ai.matrix.architect.workspace.SandboxGit;
import ai.matrix.architect.workspace.Workspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * DEPLOY: skipped when the job names no target; an unknown target fails with the configured names. A
 * {@code command} target runs its configured command in the sandbox, in the job's workspace at the result
 * commit, then checks its health URL when one is configured. The release id ({@code rel_<job>}) is the
 * idempotency key: a release that already succeeded is never deployed again when the stage is resumed. When
 * the command or the health check fails and the target has a rollback command, that runs next, told which
 * release last succeeded on the target; the release is then {@code rolled_back}, and the stage fails either way.
 *
 * <p>Delivery to the target is at least once: a worker that dies or stops while the command runs leaves the
 * release {@code running}, and the next attempt (on another worker) calls the target again with the same release
 * id and {@code MATRIX_RELEASE_RESUMED=true}; every attempt is recorded on the release.
 */
@Component
class DeployStage implements Stage {
    private final ArchitectProperties props;
    private final Sandboxes sandboxes;
    private final PatchedWorkspaces workspaces;
    private final Releases releases;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final Secrets secrets;
    private final Clock clock;

    DeployStage(
            ArchitectProperties props,
            Sandboxes sandboxes,
            PatchedWorkspaces workspaces,
            Releases releases,
            ObjectMapper json,
            Secrets secrets,
            Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
        this.props = props;
        this.sandboxes = sandboxes;
        this.workspaces = workspaces;
        this.releases = releases;
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
        var known = new TreeSet<>(props.deployTargets().keySet());
        ArchitectProperties.DeployTarget target = props.deployTargets().get(deploy.target());
        if (target == null) {
            return StageOutcome.failed("Unknown deploy target '" + deploy.target() + "'; "
                    + (known.isEmpty()
                            ? "no deploy targets are configured on this server."
                            : "configured targets: " + String.join(", ", known) + "."));
        }
        if (target.command() == null || target.command().isBlank()) {
            return StageOutcome.failed("Deploy target '" + deploy.target() + "' has no command; only command targets"
                    + " can be deployed by this server, and nothing was deployed.");
        }
        String releaseId = "rel_" + job.id().replaceFirst("^job_", "");
        DeployOutput out = DeployOutput.started(releaseId, deploy.target(), target.environment());
        var previous = releases.find(releaseId);
        if (previous.isPresent() && previous.get().status().equals("succeeded")) {
            ctx.log().line("[DEPLOY] release " + releaseId + " already succeeded; not deploying again");
            return StageOutcome.succeeded(
                    "release " + releaseId + " already deployed to " + deploy.target(),
                    json.valueToTree(out.reused(previous.get().output())));
        }
        DeployOutput.Attempt attempt = releases.start(releaseId, job.id(), deploy.target(), clock.instant());
        out = out.attempted(attempt);
        ctx.log()
                .line("[DEPLOY] release " + releaseId + " attempt " + attempt.number()
                        + (attempt.resumed() ? ": resumes an attempt that was interrupted before it finished" : ""));
        Map<String, String> secretEnv;
        try {
            // secrets by name, as environment variables and files, only for this target's commands
            secretEnv = secrets.environment(job.project(), target.secrets());
        } catch (SecretException e) {
            releases.finish(releaseId, "failed", e.getMessage(), clock.instant());
            return new StageOutcome.Failed(
                    "deploy target '" + deploy.target() + "' cannot have its secrets: " + e.getMessage(),
                    json.valueToTree(out),
                    JobFacts.none());
        }
        if (!target.secrets().isEmpty()) ctx.log().line("[DEPLOY] secrets given to the command: " + target.secrets());
        Release release = new Release(
                target,
                deploy.target(),
                releaseId,
                environment(job, deploy, target, releaseId, attempt, secretEnv),
                secretEnv,
                workspaces.of(job),
                new StringBuilder(),
                job,
                ctx);
        return deploy(release, out);
    }

    /** What one release runs with: its target, its variables and secrets, its tree, and the output so far. */
    private record Release(
            ArchitectProperties.DeployTarget target,
            String targetName,
            String id,
            Map<String, String> env,
            Map<String, String> secretEnv,
            Workspace ws,
            StringBuilder output,
            Job job,
            StageContext ctx) {}

    private static Map<String, String> environment(
            Job job,
            JobRequest.Deploy deploy,
            ArchitectProperties.DeployTarget target,
            String releaseId,
            DeployOutput.Attempt attempt,
            Map<String, String> secretEnv) {
        Map<String, String> env = new LinkedHashMap<>(secretEnv);
        env.putAll(Map.of(
                "RELEASE_ID",
                releaseId,
                "MATRIX_RELEASE_ID",
                releaseId,
                "MATRIX_RELEASE_RESUMED",
                Boolean.toString(attempt.resumed()),
                "MATRIX_RELEASE_ATTEMPT",
                Integer.toString(attempt.number()),
                "JOB_ID",
                job.id(),
                "DEPLOY_TARGET",
                deploy.target(),
                "DEPLOY_ENVIRONMENT",
                target.environment() == null ? "" : target.environment(),
                "RESULT_COMMIT",
                job.resultCommit() == null ? "" : job.resultCommit()));
        return env;
    }

    /** Runs the command, then the health check; a failure of either goes to {@link #failed}. */
    private StageOutcome deploy(Release release, DeployOutput started) throws Exception {
        ArchitectProperties.DeployTarget target = release.target();
        release.ctx()
                .log()
                .line("[DEPLOY] release " + release.id() + " to " + release.targetName() + " (" + target.environment()
                        + "): " + target.command());
        SandboxResult r;
        try {
            r = runCommand(target.command(), release.env(), release, 64 * 1024);
        } catch (SandboxException e) {
            throw interruptedOr(e, release);
        }
        if (Thread.currentThread().isInterrupted()) throw interruptedOr(null, release);
        DeployOutput out = started.ran(
                target.command(),
                r.exitCode(),
                r.duration().toMillis(),
                release.output().toString());
        String failure = r.succeeded() ? null : "deploy command failed: " + r.describe();
        if (failure == null && target.healthUrl() != null && !target.healthUrl().isBlank()) {
            String health = health(target.healthUrl());
            out = out.checked(target.healthUrl(), health);
            release.ctx().log().line("[DEPLOY] health " + target.healthUrl() + ": " + health);
            if (!health.startsWith("ok")) failure = "health check failed: " + health;
        }
        if (failure != null) return failed(failure, release, out);
        releases.finish(release.id(), "succeeded", release.output().toString(), clock.instant());
        return StageOutcome.succeeded(
                "release " + release.id() + " deployed to " + release.targetName(), json.valueToTree(out));
    }

    /**
     * A call that was interrupted (the worker stops, the job is cancelled) leaves the release running, so that
     * the attempt that follows tells the target it resumes this one; anything else is the command's failure.
     */
    private static Exception interruptedOr(SandboxException e, Release release) {
        if (!Thread.currentThread().isInterrupted()) return e;
        InterruptedException interrupted = new InterruptedException(
                "deploy of release " + release.id() + " interrupted; the next attempt resumes it");
        interrupted.initCause(e);
        return interrupted;
    }

    /**
     * Records the failed release and, when the target has a rollback command, runs it with the last release that
     * succeeded on the target; the stage fails with what happened.
     */
    private StageOutcome failed(String why, Release release, DeployOutput out) throws SandboxException {
        ArchitectProperties.DeployTarget target = release.target();
        StringBuilder output = release.output();
        if (target.rollbackCommand() == null || target.rollbackCommand().isBlank()) {
            releases.finish(release.id(), "failed", output.toString(), clock.instant());
            return new StageOutcome.Failed(why, json.valueToTree(out), JobFacts.none());
        }
        var previous = releases.lastSucceeded(release.targetName(), release.id());
        Map<String, String> rollbackEnv = new LinkedHashMap<>(release.env());
        rollbackEnv.put(
                "ROLLBACK_TO_RELEASE_ID",
                previous.map(Releases.Previous::releaseId).orElse(""));
        rollbackEnv.put(
                "ROLLBACK_TO_COMMIT", previous.map(Releases.Previous::commit).orElse(""));
        release.ctx()
                .log()
                .line("[DEPLOY] " + why + "; rolling back"
                        + previous.map(p -> " to " + p.releaseId()).orElse(" (no earlier release succeeded here)")
                        + ": " + target.rollbackCommand());
        output.append("--- rollback ---\n");
        SandboxResult r = runCommand(target.rollbackCommand(), rollbackEnv, release, 128 * 1024);
        DeployOutput.Rollback rollback = new DeployOutput.Rollback(
                target.rollbackCommand(),
                previous.map(Releases.Previous::releaseId).orElse(null),
                r.exitCode(),
                r.succeeded() ? "succeeded" : "failed");
        out = out.rolledBack(rollback, output.toString());
        releases.finish(release.id(), r.succeeded() ? "rolled_back" : "failed", output.toString(), clock.instant());
        String what = r.succeeded()
                ? previous.map(p -> "rolled back to " + p.releaseId()).orElse("rolled back")
                : "the rollback failed too: " + r.describe();
        return new StageOutcome.Failed(why + "; " + what, json.valueToTree(out), JobFacts.none());
    }

    /**
     * Runs a target's command in the sandbox with its secrets as variables and files; its output goes to the log
     * and, up to {@code cap} characters, into {@code output}.
     */
    private SandboxResult runCommand(String command, Map<String, String> env, Release release, int cap)
            throws SandboxException {
        StringBuilder output = release.output();
        try (SecretFiles files = sandboxes.secretFiles(release.secretEnv());
                SandboxGit git = release.ws().sandboxGit()) {
            return sandboxes.run(sandboxes
                    .request(
                            command,
                            release.ws().workTree(),
                            env,
                            null,
                            release.job().spec().allowNetwork(),
                            null,
                            line -> {
                                if (output.length() < cap) output.append(line).append('\n');
                                release.ctx().log().line(line);
                            })
                    .withSecretFiles(files));
        }
    }

    /** Up to five tries a second apart; "ok (HTTP 200)" or why it failed. */
    private String health(String url) throws InterruptedException {
        String last = "not checked";
        for (int i = 0; i < 5; i++) {
            try {
                HttpResponse<Void> res = http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (res.statusCode() / 100 == 2) return "ok (HTTP " + res.statusCode() + ")";
                last = "HTTP " + res.statusCode();
            } catch (java.io.IOException e) {
                last = "unreachable: " + e.getMessage();
            }
            Thread.sleep(1000);
        }
        return last;
    }
}
