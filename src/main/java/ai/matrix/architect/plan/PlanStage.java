package ai.matrix.architect.plan;

import ai.matrix.architect.artifact.ArtifactInfo;
import ai.matrix.architect.artifact.Artifacts;
import ai.matrix.architect.ecosystem.Ecosystems;
import ai.matrix.architect.engine.PlanRules;
import ai.matrix.architect.engine.Stage;
import ai.matrix.architect.engine.StageContext;
import ai.matrix.architect.engine.StageOutcome;
import ai.matrix.architect.engine.TransientStageException;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobFacts;
import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.recipe.GoalMatcher;
import ai.matrix.architect.workspace.GitCommandException;
import ai.matrix.architect.workspace.RepoLocator;
import ai.matrix.architect.workspace.Workspace;
import ai.matrix.architect.workspace.Workspaces;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * PLAN: the explicit plan of the request; without one, the plan in the repository's .matrix-architect.yml (read at
 * the commit PATCH will then start from); without that, the configured planner (docs/planning.md), shown the
 * repository at that commit; otherwise it fails, saying that no planner is configured. A planner's prompt and answer
 * are kept as artifacts, with their digests, provider, model and token usage in the stage output and the job's plan.
 */
@Component
class PlanStage implements Stage {
    static final String PROMPT_ARTIFACT = "planner-prompt.json";
    static final String RESPONSE_ARTIFACT = "planner-response.txt";
    private static final String REQUEST = "request";
    private static final String MODEL = "model";

    private final Workspaces workspaces;
    private final RepoLocator locator;
    private final ObjectMapper json;
    private final Planners planners;
    private final Artifacts artifacts;

    PlanStage(Workspaces workspaces, RepoLocator locator, ObjectMapper json, Planners planners, Artifacts artifacts) {
        this.workspaces = workspaces;
        this.locator = locator;
        this.json = json;
        this.planners = planners;
        this.artifacts = artifacts;
    }

    @Override
    public StageName name() {
        return StageName.PLAN;
    }

    @Override
    public StageOutcome run(StageContext ctx) {
        Job job = ctx.job();
        JobRequest.Plan requested = job.spec().plan();
        if (requested != null && !RecipePlanning.hasRecipes(requested)) {
            return planned(requested, "request", REQUEST, null, ctx);
        }
        if (requested == null) {
            ctx.log().line("no plan in the request; looking for " + RepoConfig.FILE + " in the repository");
        }
        Workspace ws;
        try {
            ws = workspaces.checkout(job.id(), locator.locate(job.spec().repo()), null);
        } catch (GitCommandException e) {
            if (e.isTransient()) throw new TransientStageException(e.getMessage(), e);
            return StageOutcome.failed(e.getMessage());
        }
        String commit = ws.head();
        List<String> ecosystems = Ecosystems.detect(ws.workTree());
        if (requested != null) return suited(requested, "request", REQUEST, commit, ecosystems, ctx);
        RepoConfig config;
        try {
            config = RepoConfig.read(ws.workTree(), json);
        } catch (RepoConfigException e) {
            return StageOutcome.failed(e.getMessage());
        }
        if (config.plan() != null
                && config.plan().steps() != null
                && !config.plan().steps().isEmpty()) {
            String broken = problems(config.plan());
            if (broken != null) return StageOutcome.failed(broken);
            return suited(config.plan(), RepoConfig.FILE + " at " + commit, "repository", commit, ecosystems, ctx);
        }
        Optional<Planner> planner = planners.planner();
        if (planner.isPresent()) return fromPlanner(planner.get(), ws, commit, ctx);
        return fromRecipes(job.spec().goal(), ecosystems, commit, ctx);
    }

    /** The plan, unless one of its recipe ops works on an ecosystem the repository does not have. */
    private StageOutcome suited(
            JobRequest.Plan plan,
            String source,
            String plannedBy,
            String commit,
            List<String> ecosystems,
            StageContext ctx) {
        String unsuited = RecipePlanning.ecosystemProblem(plan, ecosystems);
        if (unsuited != null) return StageOutcome.failed(unsuited);
        return planned(plan, source, plannedBy, commit, ctx);
    }

    /** No plan and no model: the recipes the goal asks for, or the failure naming the closest ones. */
    private StageOutcome fromRecipes(String goal, List<String> ecosystems, String commit, StageContext ctx) {
        ctx.log()
                .line("no planner is configured; matching the goal against the recipe catalog (ecosystems: "
                        + ecosystems + ")");
        GoalMatcher.Match match = GoalMatcher.match(goal, ecosystems);
        if (!match.matched()) {
            return StageOutcome.failed("No plan was given in the request, the repository has no plan in "
                    + RepoConfig.FILE
                    + ", and no planner is configured (ARCHITECT_PLANNER_PROVIDER (architect.planner.provider); see"
                    + " docs/planning.md). " + match.failure());
        }
        for (GoalMatcher.Choice c : match.choices()) {
            ctx.log().line("chose the recipe " + c.recipe().name() + " " + c.args() + ": " + c.reason());
        }
        return planned(RecipePlanning.fromGoal(match.choices()), "recipes", "recipes", commit, ctx);
    }

    private StageOutcome fromPlanner(Planner planner, Workspace ws, String commit, StageContext ctx) {
        Job job = ctx.job();
        PlannerProperties props = planners.properties();
        PlanningContext context = RepoContext.collect(
                ws.workTree(),
                job.repoDisplay(),
                commit,
                job.spec().goal(),
                job.spec().constraints(),
                props.maxContextBytes().toBytes());
        ObjectNode record = json.createObjectNode();
        record.put("provider", planner.provider());
        record.put("model", planner.model());
        record.put("base_url_host", props.baseUrlHost());
        ObjectNode sent = record.putObject("context");
        sent.put("tree_entries", context.tree().size());
        sent.put("tree_truncated", context.treeTruncated());
        sent.put("files", context.files().size());
        sent.put("content_bytes", context.contentBytes());
        sent.put("omitted_files", context.omitted());
        ctx.log()
                .line("asking " + planner.source() + " at " + props.baseUrlHost() + ": "
                        + context.files().size()
                        + " file(s), " + context.contentBytes() + " bytes of content, a tree of "
                        + context.tree().size() + " entries");
        Planned planned;
        try {
            planned = planner.plan(context);
        } catch (PlannerException e) {
            if (e.partial() != null) keep(job, e.partial(), record);
            if (e.retryable()) throw new TransientStageException(e.getMessage(), e);
            ctx.log().line("the planner failed: " + e.getMessage());
            if (!e.errors().isEmpty()) record.set("errors", json.valueToTree(e.errors()));
            return new StageOutcome.Failed(
                    e.getMessage(), json.valueToTree(new PlanOutput(commit, record, null, null)), JobFacts.none());
        }
        keep(job, planned, record);
        if (planned.rounds() > 1) ctx.log().line("the first answer was not a valid plan; the repair round fixed it");
        String source = planner.source();
        String unsuited = RecipePlanning.ecosystemProblem(planned.plan(), Ecosystems.detect(ws.workTree()));
        if (unsuited != null) return StageOutcome.failed(unsuited);
        PlanOutput out = new PlanOutput(commit, record, source, planned.plan(), MODEL);
        ObjectNode plan = json.valueToTree(planned.plan());
        plan.put("source", source);
        plan.put("planned_by", MODEL);
        plan.set("planner", record.deepCopy());
        int steps = planned.plan().steps().size();
        ctx.log().line("plan from " + source + ": " + steps + " step(s)");
        String summary = steps + (steps == 1 ? " step" : " steps") + " (from " + source + ")";
        return new StageOutcome.Succeeded(summary, json.valueToTree(out), JobFacts.plan(plan));
    }

    /** Stores the prompt and the answer as PLAN artifacts and records their digests and the usage. */
    private void keep(Job job, Planned planned, ObjectNode record) {
        ArtifactInfo prompt = artifacts.putText(
                job.id(), StageName.PLAN.name(), PROMPT_ARTIFACT, "plan", "application/json", planned.prompt());
        ArtifactInfo response = artifacts.putText(
                job.id(), StageName.PLAN.name(), RESPONSE_ARTIFACT, "plan", "text/plain", planned.response());
        record.put("prompt_sha256", sha256(planned.prompt()));
        record.put("response_sha256", sha256(planned.response()));
        record.put("prompt_artifact", prompt.id());
        record.put("response_artifact", response.id());
        record.put("rounds", planned.rounds());
        if (planned.usage() != null) record.set("usage", json.valueToTree(planned.usage()));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private StageOutcome planned(
            JobRequest.Plan plan, String source, String plannedBy, String commit, StageContext ctx) {
        int steps = plan.steps() == null ? 0 : plan.steps().size();
        PlanOutput out = new PlanOutput(commit, null, source, plan, plannedBy);
        ctx.log().line("plan from " + source + ": " + steps + " step(s)");
        String summary = steps + (steps == 1 ? " step" : " steps") + " (from " + source + ")";
        ObjectNode facts = json.valueToTree(plan);
        facts.put("planned_by", plannedBy);
        return new StageOutcome.Succeeded(summary, json.valueToTree(out), JobFacts.plan(facts));
    }

    /**
     * Why the repository's plan cannot be used, or null: it keeps the same rules as a plan in a request (no path
     * out of the work tree or into {@code .git}, no recipe op, …), each problem named by its field.
     */
    static String problems(JobRequest.Plan plan) {
        var errors = PlanRules.check(plan, "plan");
        if (errors.isEmpty()) return null;
        return RepoConfig.FILE + ": the plan breaks the plan rules: "
                + String.join(
                        "; ",
                        errors.stream().map(e -> e.field() + " " + e.message()).toList());
    }
}
