package ai.matrix.architect.publish;

import ai.matrix.architect.engine.Stage;
import ai.matrix.architect.engine.StageContext;
import ai.matrix.architect.engine.StageOutcome;
import ai.matrix.architect.engine.TransientStageException;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.patch.PatchedWorkspaces;
import ai.matrix.architect.workspace.GitCommandException;
import ai.matrix.architect.workspace.RemoteRepo;
import ai.matrix.architect.workspace.RepoLocator;
import ai.matrix.architect.workspace.Workspace;
import java.time.Duration;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** PUBLISH: pushes the job branch to the origin when the job changed files, and records what was pushed. */
@Component
class PublishStage implements Stage {
    private final PatchedWorkspaces patched;
    private final RepoLocator locator;
    private final ObjectMapper json;

    PublishStage(PatchedWorkspaces patched, RepoLocator locator, ObjectMapper json) {
        this.patched = patched;
        this.locator = locator;
        this.json = json;
    }

    @Override
    public StageName name() {
        return StageName.PUBLISH;
    }

    @Override
    public StageOutcome run(StageContext ctx) throws Exception {
        Job job = ctx.job();
        JsonNode patch = ctx.output(StageName.PATCH);
        String base = patch.get("base_commit").asString();
        String result = patch.get("result_commit").asString();
        if (base.equals(result)) return StageOutcome.skipped("no files changed; nothing to push");
        RemoteRepo repo = locator.locate(job.spec().repo());
        try {
            Workspace ws = patched.of(job);
            ws.pointBranch(job.branch(), result);
            ws.push(repo.url(), job.branch(), Duration.ofMinutes(10));
        } catch (GitCommandException e) {
            if (e.isTransient()) throw new TransientStageException(e.getMessage(), e);
            return StageOutcome.failed("push to " + repo.display() + " failed: " + e.getMessage());
        }
        ctx.log().line("pushed " + result + " to " + repo.display() + " as " + job.branch());
        ObjectNode out = json.createObjectNode();
        out.put("remote", repo.display());
        out.put("branch", job.branch());
        out.put("commit", result);
        if (job.spec().publish() != null
                && Boolean.TRUE.equals(job.spec().publish().pullRequest())) {
            out.put("pull_request", "not opened: this server has no GitHub or GitLab integration yet");
        }
        return StageOutcome.succeeded("pushed " + job.branch() + " at " + result.substring(0, 12), out);
    }
}
