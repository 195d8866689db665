package ai.matrix.architect.plan;

import ai.matrix.architect.engine.Stage;
import ai.matrix.architect.engine.StageContext;
import ai.matrix.architect.engine.StageOutcome;
import ai.matrix.architect.engine.TransientStageException;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobFacts;
import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.workspace.GitCommandException;
import ai.matrix.architect.workspace.RepoLocator;
import ai.matrix.architect.workspace.Workspace;
import ai.matrix.architect.workspace.Workspaces;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * PLAN: the explicit plan of the request; without one, the plan in the repository's .matrix-architect.yml
 * (read at the commit PATCH will then start from); otherwise it fails, saying that no planner is configured.
 */
@Component
class PlanStage implements Stage {
    private final Workspaces workspaces;
    private final RepoLocator locator;
    private final ObjectMapper json;

    PlanStage(Workspaces workspaces, RepoLocator locator, ObjectMapper json) {
        this.workspaces = workspaces;
        this.locator = locator;
        this.json = json;
    }

    @Override
    public StageName name() {
        return StageName.PLAN;
    }

    @Override
    public StageOutcome run(StageContext ctx) {
        Job job = ctx.job();
        ObjectNode out = json.createObjectNode();
        if (job.spec().plan() != null) {
            return planned(job.spec().plan(), "request", out, ctx);
        }
        ctx.log().line("no plan in the request; looking for " + RepoConfig.FILE + " in the repository");
        Workspace ws;
        try {
            ws = workspaces.checkout(job.id(), locator.locate(job.spec().repo()), null);
        } catch (GitCommandException e) {
            if (e.isTransient()) throw new TransientStageException(e.getMessage(), e);
            return StageOutcome.failed(e.getMessage());
        }
        String commit = ws.head();
        out.put("base_commit", commit);
        RepoConfig config;
        try {
            config = RepoConfig.read(ws.workTree(), json);
        } catch (RepoConfigException e) {
            return StageOutcome.failed(e.getMessage());
        }
        if (config.plan() == null
                || config.plan().steps() == null
                || config.plan().steps().isEmpty()) {
            return StageOutcome.failed("No plan was given in the request, the repository has no plan in "
                    + RepoConfig.FILE + ", and no planner is configured (LLM planning is not available yet).");
        }
        return planned(config.plan(), RepoConfig.FILE + " at " + commit, out, ctx);
    }

    private StageOutcome planned(JobRequest.Plan plan, String source, ObjectNode out, StageContext ctx) {
        int steps = plan.steps() == null ? 0 : plan.steps().size();
        out.put("source", source);
        out.set("plan", json.valueToTree(plan));
        ctx.log().line("plan from " + source + ": " + steps + " step(s)");
        String summary = steps + (steps == 1 ? " step" : " steps") + " (from " + source + ")";
        return new StageOutcome.Succeeded(summary, out, new JobFacts(json.valueToTree(plan), null, null, null, null));
    }
}
