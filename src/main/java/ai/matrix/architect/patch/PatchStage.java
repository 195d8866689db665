package ai.matrix.architect.patch;

import ai.matrix.architect.artifact.Artifacts;
import ai.matrix.architect.engine.DiffPaths;
import ai.matrix.architect.engine.Stage;
import ai.matrix.architect.engine.StageContext;
import ai.matrix.architect.engine.StageOutcome;
import ai.matrix.architect.engine.TransientStageException;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobFacts;
import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.plan.PlanOutput;
import ai.matrix.architect.sandbox.OutputExcerpt;
import ai.matrix.architect.sandbox.SandboxException;
import ai.matrix.architect.sandbox.SandboxResult;
import ai.matrix.architect.sandbox.Sandboxes;
import ai.matrix.architect.workspace.GitCommandException;
import ai.matrix.architect.workspace.PathRules;
import ai.matrix.architect.workspace.RepoLocator;
import ai.matrix.architect.workspace.SandboxGit;
import ai.matrix.architect.workspace.Workspace;
import ai.matrix.architect.workspace.WorkspaceException;
import ai.matrix.architect.workspace.Workspaces;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * PATCH: a fresh checkout at a pinned commit, the plan's ops applied in order (file ops, unified diffs,
 * sandboxed commands), one commit on the job branch as Matrix Architect, and the diff kept as an artifact.
 */
@Component
class PatchStage implements Stage {
    static final String DIFF_ARTIFACT = "patch.diff";
    static final String PARTIAL_DIFF_ARTIFACT = "patch-partial.diff";
    /** The raw object of a signed commit, which another worker replays instead of signing again. */
    static final String COMMIT_ARTIFACT = "patch.commit";

    private final Workspaces workspaces;
    private final RepoLocator locator;
    private final Sandboxes sandboxes;
    private final Artifacts artifacts;
    private final ObjectMapper json;
    private final Clock clock;

    PatchStage(
            Workspaces workspaces,
            RepoLocator locator,
            Sandboxes sandboxes,
            Artifacts artifacts,
            ObjectMapper json,
            Clock clock) {
        this.clock = clock;
        this.workspaces = workspaces;
        this.locator = locator;
        this.sandboxes = sandboxes;
        this.artifacts = artifacts;
        this.json = json;
    }

    @Override
    public StageName name() {
        return StageName.PATCH;
    }

    @Override
    public StageOutcome run(StageContext ctx) throws Exception {
        Job job = ctx.job();
        PlanOutput planned = ctx.output(StageName.PLAN, PlanOutput.class);
        JobRequest.Plan plan = planned.plan();
        String pinned = planned.baseCommit();
        Workspace ws;
        try {
            ws = workspaces.checkout(job.id(), locator.locate(job.spec().repo()), pinned);
        } catch (GitCommandException e) {
            if (e.isTransient()) throw new TransientStageException(e.getMessage(), e);
            return StageOutcome.failed(e.getMessage());
        }
        String base = ws.head();
        ctx.log().line("checked out " + job.repoDisplay() + " at " + base);
        List<RecipeOutcome> recipes = new ArrayList<>();
        try {
            applyAll(plan, ws, job, ctx, recipes);
        } catch (WorkspaceException e) {
            return failedWithEvidence(e.getMessage(), base, ws, plan, ctx);
        } catch (SandboxException | IOException e) {
            return failedWithEvidence("PATCH failed: " + e.getMessage(), base, ws, plan, ctx);
        }
        List<String> changed = ws.stageAll(base);
        try {
            ws.refuseEscapingLinks(base);
        } catch (WorkspaceException e) {
            return failedWithEvidence(e.getMessage(), base, ws, plan, ctx);
        }
        JobRequest.Constraints limits = job.spec().constraints();
        if (limits != null && limits.maxChangedFiles() != null && changed.size() > limits.maxChangedFiles()) {
            return failedWithEvidence(
                    "the change touches " + changed.size() + " files, more than max_changed_files="
                            + limits.maxChangedFiles(),
                    base,
                    ws,
                    plan,
                    ctx);
        }
        if (changed.isEmpty()) {
            ctx.log().line("the plan changed no files");
            return new StageOutcome.Succeeded(
                    "no files changed" + skippedNote(recipes),
                    json.valueToTree(PatchOutput.unchanged(base, changed).withRecipes(recipes)),
                    facts(ctx, base, base, recipes));
        }
        return commit(ws, base, changed, plan, ctx, recipes);
    }

    /** The commits, and with recipe ops the job's plan with what each recipe did ({@code plan.recipes}). */
    private JobFacts facts(StageContext ctx, String base, String result, List<RecipeOutcome> recipes) {
        if (recipes.isEmpty() || !(ctx.job().plan() instanceof ObjectNode plan)) return JobFacts.commits(base, result);
        ObjectNode withRecipes = plan.deepCopy();
        withRecipes.set("recipes", json.valueToTree(recipes));
        return new JobFacts(withRecipes, null, null, base, result);
    }

    private static String skippedNote(List<RecipeOutcome> recipes) {
        long skipped = recipes.stream()
                .filter(r -> RecipeOutcome.SKIPPED.equals(r.status()))
                .count();
        return skipped == 0 ? "" : " (" + skipped + " recipe(s) skipped: they changed nothing)";
    }

    /** Commits the staged change on the job branch, checks the diff's size and keeps the diff and the plan. */
    private StageOutcome commit(
            Workspace ws,
            String base,
            List<String> changed,
            JobRequest.Plan plan,
            StageContext ctx,
            List<RecipeOutcome> recipes)
            throws IOException {
        Job job = ctx.job();
        JobRequest.Constraints limits = job.spec().constraints();
        Instant commitTime = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String message = commitMessage(job);
        String result = ws.commit(message, commitTime);
        ws.pointBranch(job.branch(), result);
        String diff = ws.diff(base, result);
        int diffLines = countChangedLines(diff);
        if (limits != null && limits.maxDiffLines() != null && diffLines > limits.maxDiffLines()) {
            return failedWithEvidence(
                    "the diff changes " + diffLines + " lines, more than max_diff_lines=" + limits.maxDiffLines(),
                    base,
                    ws,
                    plan,
                    ctx);
        }
        artifacts.putText(job.id(), "PATCH", DIFF_ARTIFACT, "patch", "text/x-diff", diff);
        if (ws.signsCommits()) {
            artifacts.putText(
                    job.id(), "PATCH", COMMIT_ARTIFACT, "commit", "application/x-git-commit", ws.commitObject(result));
        } else {
            // an earlier attempt's signed commit is not this one
            artifacts.find(job.id(), COMMIT_ARTIFACT).ifPresent(artifacts::delete);
        }
        artifacts.putText(
                job.id(),
                "PATCH",
                "plan.json",
                "plan",
                "application/json",
                json.writerWithDefaultPrettyPrinter().writeValueAsString(plan));
        PatchOutput out = new PatchOutput(
                        base, changed, result, commitTime.toString(), message, diffLines, job.branch())
                .withRecipes(recipes);
        ctx.log()
                .line("committed " + result + " on " + job.branch() + ": " + changed.size() + " file(s), " + diffLines
                        + " changed line(s)");
        return new StageOutcome.Succeeded(
                changed.size() + " file(s) changed, commit " + result.substring(0, 12) + skippedNote(recipes),
                json.valueToTree(out),
                facts(ctx, base, result, recipes));
    }

    /**
     * A failed PATCH still leaves what it knows for the user to look at: the plan, its log, and the diff of what
     * was applied before the failure.
     */
    private StageOutcome failedWithEvidence(
            String reason, String base, Workspace ws, JobRequest.Plan plan, StageContext ctx) {
        ctx.log().line("PATCH failed: " + reason);
        String jobId = ctx.job().id();
        try {
            artifacts.putText(
                    jobId,
                    "PATCH",
                    "plan.json",
                    "plan",
                    "application/json",
                    json.writerWithDefaultPrettyPrinter().writeValueAsString(plan));
            ws.stageAll(base);
            artifacts.putText(jobId, "PATCH", PARTIAL_DIFF_ARTIFACT, "patch", "text/x-diff", ws.stagedDiff(base));
            artifacts.putText(
                    jobId, "PATCH", "patch.log", "log", "text/plain", ctx.log().text());
        } catch (RuntimeException e) {
            ctx.log().line("could not keep the evidence of the failed PATCH: " + e.getMessage());
        }
        return failed(reason, base);
    }

    private StageOutcome failed(String reason, String base) {
        return new StageOutcome.Failed(reason, null, JobFacts.commits(base, null));
    }

    static String commitMessage(Job job) {
        String goal = job.spec().goal().strip();
        String first = goal.lines().findFirst().orElse(goal);
        if (first.length() > 72) first = first.substring(0, 69) + "...";
        return first + "\n\n" + goal + "\n\nMatrix-Architect-Job: " + job.id() + "\n";
    }

    private void applyAll(JobRequest.Plan plan, Workspace ws, Job job, StageContext ctx, List<RecipeOutcome> recipes)
            throws IOException, SandboxException {
        if (plan.steps() == null) return;
        RecipeOps recipeOps = new RecipeOps(sandboxes, artifacts);
        for (int s = 0; s < plan.steps().size(); s++) {
            JobRequest.Step step = plan.steps().get(s);
            ctx.log()
                    .line("step " + (step.id() == null ? "" : step.id() + " ")
                            + (step.title() == null ? "" : step.title()));
            if (step.ops() == null) continue;
            for (int o = 0; o < step.ops().size(); o++) {
                JobRequest.Op op = step.ops().get(o);
                if (op.op() == JobRequest.OpKind.RECIPE) {
                    String at = "steps[" + s + "].ops[" + o + "]";
                    recipes.add(recipeOps.apply(op, at, ws, ctx, recipes.size() + 1));
                } else {
                    apply(op, ws, job, ctx);
                }
            }
        }
    }

    private void apply(JobRequest.Op op, Workspace ws, Job job, StageContext ctx) throws IOException, SandboxException {
        if (op.op() == null) throw new WorkspaceException("an op has no kind");
        switch (op.op()) {
            case CREATE -> {
                if (ws.exists(op.path()))
                    throw new WorkspaceException("create: '" + op.path() + "' already exists; use update");
                ws.write(op.path(), op.content());
                ctx.log().line("  create " + op.path());
            }
            case UPDATE -> {
                if (!ws.exists(op.path())) {
                    throw new WorkspaceException("update: '" + op.path()
                            + "' does not exist; use create for a new file, or upsert to create or replace");
                }
                ws.write(op.path(), op.content());
                ctx.log().line("  update " + op.path());
            }
            case UPSERT -> {
                boolean existed = ws.exists(op.path());
                ws.write(op.path(), op.content());
                ctx.log().line("  upsert " + op.path() + (existed ? " (replaced)" : " (created)"));
            }
            case DELETE -> {
                if (!ws.exists(op.path())) throw new WorkspaceException("delete: '" + op.path() + "' does not exist");
                ws.delete(op.path());
                ctx.log().line("  delete " + op.path());
            }
            case PATCH -> {
                for (String p : DiffPaths.of(op.diff())) {
                    PathRules.problem(p).ifPresent(problem -> {
                        throw new WorkspaceException("the patch touches '" + p + "', which " + problem);
                    });
                }
                ws.applyPatch(op.diff());
                ctx.log()
                        .line("  patch applied ("
                                + DiffPaths.of(op.diff()).stream().distinct().count() + " path(s))");
            }
            case RUN -> run(op, ws, job, ctx);
            case RECIPE -> throw new IllegalStateException("recipe ops are applied by RecipeOps");
        }
    }

    /**
     * A sandboxed command; its failure carries the lines of output that explain it, and the files it created are
     * kept only when git would add them and they do not look like build outputs (unless the op lists them).
     */
    private void run(JobRequest.Op op, Workspace ws, Job job, StageContext ctx) throws SandboxException {
        ctx.log().line("  run $ " + op.command());
        Set<String> before = ws.untrackedFiles();
        OutputExcerpt excerpt = new OutputExcerpt(8);
        SandboxResult r;
        try (SandboxGit git = ws.sandboxGit()) {
            r = sandboxes.run(op.command(), ws.workTree(), job.spec().allowNetwork(), line -> {
                ctx.log().line(line);
                excerpt.accept(line);
            });
        }
        if (!r.succeeded()) {
            throw new WorkspaceException("run '" + op.command() + "' failed: " + r.describe() + excerpt.asSuffix());
        }
        Set<String> created = new TreeSet<>(ws.untrackedFiles());
        created.removeAll(before);
        List<BuildOutputs.Found> outputs =
                BuildOutputs.among(ws.workTree(), created, op.commit() == null ? List.of() : op.commit());
        if (!outputs.isEmpty()) {
            throw new WorkspaceException("run '" + op.command() + "' left " + outputs.size()
                    + " file(s) that look like build outputs: "
                    + outputs.stream().limit(20).map(Object::toString).collect(Collectors.joining(", "))
                    + (outputs.size() > 20 ? ", …" : "")
                    + "; delete them in the command, ignore them in .gitignore, or list them in the op's \"commit\"");
        }
    }

    static int countChangedLines(String diff) {
        int n = 0;
        for (String line : diff.split("\n")) {
            if ((line.startsWith("+") && !line.startsWith("+++")) || (line.startsWith("-") && !line.startsWith("---")))
                n++;
        }
        return n;
    }
}
