package ai.matrix.architect.verify;

import ai.matrix.architect.ecosystem.Check;
import ai.matrix.architect.ecosystem.Ecosystem;
import ai.matrix.architect.ecosystem.TestReport;
import ai.matrix.architect.engine.Stage;
import ai.matrix.architect.engine.StageContext;
import ai.matrix.architect.engine.StageOutcome;
import ai.matrix.architect.engine.TransientStageException;
import ai.matrix.architect.evidence.EvidenceRecorder;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.patch.PatchedWorkspaces;
import ai.matrix.architect.plan.RepoConfig;
import ai.matrix.architect.plan.RepoConfigException;
import ai.matrix.architect.sandbox.SandboxException;
import ai.matrix.architect.sandbox.SandboxRequest;
import ai.matrix.architect.sandbox.Sandboxes;
import ai.matrix.architect.sandbox.egress.RegistryAccess;
import ai.matrix.architect.workspace.GitCommandException;
import ai.matrix.architect.workspace.RepoLocator;
import ai.matrix.architect.workspace.SandboxGit;
import ai.matrix.architect.workspace.Workspace;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * VERIFY in four steps: plan the checks (the request's commands, the plan's, {@code .matrix-architect.yml}'s, or
 * the auto-detected profiles'; {@link CheckPlanner}), run them one after another in the sandbox on the patched
 * workspace ({@link CheckRunner}), collect the test reports of every ecosystem into one result
 * ({@link TestReports}), compare failures with the base commit ({@link Baseline}), and record the verdict with the SBOM, the vulnerability scan, the signed attestations
 * and the evidence bundle ({@link VerifyRecorder}, {@link EvidenceRecorder}).
 */
@Component
class VerifyStage implements Stage {
    private final PatchedWorkspaces patched;
    private final Sandboxes sandboxes;
    private final CheckRunner runner;
    private final VerifyRecorder recorder;
    private final RepoLocator locator;
    private final ObjectMapper json;
    private final Baseline baseline;

    VerifyStage(
            PatchedWorkspaces patched,
            Sandboxes sandboxes,
            CheckRunner runner,
            VerifyRecorder recorder,
            RepoLocator locator,
            ObjectMapper json,
            Baseline baseline) {
        this.patched = patched;
        this.sandboxes = sandboxes;
        this.runner = runner;
        this.recorder = recorder;
        this.locator = locator;
        this.json = json;
        this.baseline = baseline;
    }

    @Override
    public StageName name() {
        return StageName.VERIFY;
    }

    @Override
    public StageOutcome run(StageContext ctx) throws Exception {
        Job job = ctx.job();
        Workspace ws;
        try {
            ws = patched.of(job);
        } catch (GitCommandException e) {
            if (e.isTransient()) throw new TransientStageException(e.getMessage(), e);
            return StageOutcome.failed(e.getMessage());
        }
        Path root = ws.workTree();
        CheckPlanner.Planned planned;
        try {
            planned = CheckPlanner.plan(job, root, RepoConfig.read(root, json));
        } catch (RepoConfigException e) {
            ctx.log().line(e.getMessage());
            return StageOutcome.failed(e.getMessage());
        }
        if (planned.checks().isEmpty()) return nothingToCheck(job);
        ctx.log().line("sandbox: " + sandboxes.describe());
        String repository = repositoryUri(job);
        // the cache is keyed by project and repository (without credentials): no job reads another project's
        String cacheKey = job.project() + "\n" + repository;
        Path cache;
        try {
            cache = sandboxes.mountsCaches() ? sandboxes.projectCache(cacheKey) : null;
        } catch (SandboxException e) {
            return StageOutcome.failed(e.getMessage());
        }
        logPlan(ctx, planned, cache);
        // the file system's time, not the Clock bean's: reports written since then are found by their mtime
        Instant start = Instant.now();
        CheckRunner.Ran ran;
        // builds that ask git (git describe, setuptools-scm, npm prepare hooks) find the job's commit
        try (SandboxGit git = ws.sandboxGit()) {
            ran = runner.runAll(new CheckRunner.Target(job, root, cache, cacheKey, ctx), planned.checks());
        }
        TestReport report = TestReports.collect(root, start, ran.fromLogs());
        // failures the base commit already had are told apart from new ones (after the job's .git is gone)
        Optional<Baseline.Compared> compared = baseline.compare(
                new Baseline.Request(ctx, ws, planned.checks(), ran, report, repository, cache, cacheKey));
        VerifyRecorder.Subject subject = new VerifyRecorder.Subject(
                job,
                root,
                repository,
                ws.head(),
                start,
                sandboxes.describe(),
                cache,
                planned.checks().size());
        return recorder.record(ctx, subject, ran, report, compared.orElse(null));
    }

    private static StageOutcome nothingToCheck(Job job) {
        String why = "no verify checks: none in the request, the plan's steps or " + RepoConfig.FILE
                + ", and no known build file (pom.xml, build.gradle, package.json, pyproject.toml,"
                + " requirements.txt, go.mod, Cargo.toml, Makefile) was found";
        return job.spec().requireTests()
                ? StageOutcome.failed(why + ", and require_tests is set")
                : StageOutcome.skipped(why);
    }

    private void logPlan(StageContext ctx, CheckPlanner.Planned planned, Path cache) {
        ctx.log()
                .line(
                        cache != null
                                ? "dependency cache: shared by this project's jobs on this repository, mounted at "
                                        + SandboxRequest.CACHE_MOUNT + " ($" + RegistryAccess.CACHE_ENV + ")"
                                : "dependency cache: inside the workspace (" + Ecosystem.WORKSPACE_CACHE + "), as the "
                                        + sandboxes.describe() + " sandbox mounts no shared cache");
        List<String> names = planned.checks().stream().map(Check::name).toList();
        ctx.log().line("checks from " + planned.source() + ": " + String.join(", ", names));
    }

    private String repositoryUri(Job job) {
        try {
            return locator.locate(job.spec().repo()).url().replaceFirst("//[^/@]+@", "//");
        } catch (RuntimeException e) {
            return job.repoDisplay();
        }
    }
}
