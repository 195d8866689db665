package ai.matrix.architect.publish;

import ai.matrix.architect.engine.Stage;
import ai.matrix.architect.engine.StageContext;
import ai.matrix.architect.engine.StageOutcome;
import ai.matrix.architect.engine.TransientStageException;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.patch.PatchOutput;
import ai.matrix.architect.patch.PatchedWorkspaces;
import ai.matrix.architect.workspace.GitCommandException;
import ai.matrix.architect.workspace.RemoteRepo;
import ai.matrix.architect.workspace.RepoLocator;
import ai.matrix.architect.workspace.Workspace;
import java.time.Duration;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

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
        PatchOutput patch = ctx.output(StageName.PATCH, PatchOutput.class);
        String result = patch.resultCommit();
        if (patch.changedNothing()) return StageOutcome.skipped("no files changed; nothing to push");
        RemoteRepo repo = locator.locate(job.spec().repo());
        try {
            Workspace ws = patched.of(job);
            ws.pointBranch(job.branch(), result);
            ws.push(repo.url(), job.branch(), Duration.ofMinutes(10), repo.gitEnv());
        } catch (GitCommandException e) {
            if (e.isTransient()) throw new TransientStageException(e.getMessage(), e);
            return StageOutcome.failed("push to " + repo.display() + " failed: " + e.getMessage());
        }
        ctx.log().line("pushed " + result + " to " + repo.display() + " as " + job.branch());
        boolean pullRequest = job.spec().publish() != null
                && Boolean.TRUE.equals(job.spec().publish().pullRequest());
        PublishOutput out = new PublishOutput(
                repo.display(),
                job.branch(),
                result,
                pullRequest ? "not opened: this server has no GitHub or GitLab integration yet" : null);
        return StageOutcome.succeeded(
                "pushed " + job.branch() + " at " + result.substring(0, 12), json.valueToTree(out));
    }
}
