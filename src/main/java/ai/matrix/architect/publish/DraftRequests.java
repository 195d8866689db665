package ai.matrix.architect.publish;

import ai.matrix.architect.engine.ApprovalWaitListener;
import ai.matrix.architect.engine.StageLog;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.patch.PatchOutput;
import ai.matrix.architect.publish.forge.OpenRequest;
import ai.matrix.architect.workspace.RemoteRepo;
import ai.matrix.architect.workspace.RepoLocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * While a job that asks for a pull request waits for approval, its request is opened as a draft with the evidence
 * gathered so far and a pending gate status, so that reviewers see the change on the code host; PUBLISH makes it
 * ready for review once the job is approved. Nothing here changes the job: what fails is written to its log.
 */
@Component
class DraftRequests implements ApprovalWaitListener {
    private final RepoLocator locator;
    private final Forges forges;
    private final ChangeRequests requests;
    private final ObjectMapper json;

    DraftRequests(RepoLocator locator, Forges forges, ChangeRequests requests, ObjectMapper json) {
        this.locator = locator;
        this.forges = forges;
        this.requests = requests;
        this.json = json;
    }

    @Override
    public void awaiting(Job job, StageLog log) {
        JobRequest.Publish p = job.spec().publish();
        if (p == null || !Boolean.TRUE.equals(p.pullRequest())) return;
        PatchOutput patch = json.treeToValue(job.stage(StageName.PATCH).output(), PatchOutput.class);
        if (patch == null || patch.changedNothing()) return;
        RemoteRepo repo = locator.locate(job.spec().repo());
        Optional<Forges.Connected> host;
        try {
            host = forges.connect(repo.url());
        } catch (Forges.Unusable e) {
            log.line("[GATE] no draft request: " + e.getMessage());
            return;
        }
        if (host.isEmpty()) return;
        Optional<String> refused = host.get().forge().cannotPush();
        if (refused.isPresent()) {
            log.line("[GATE] no draft request: " + refused.get());
            return;
        }
        ChangeRequests.Target target = requests.target(job, host.get(), repo);
        try {
            requests.push(job, repo, host, target.branch(), patch.resultCommit());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OpenRequest opened = host.get().forge().ensure(requests.describe(job, host.get(), target, patch, null, true));
        requests.remember(job, host.get(), repo, target, opened);
        requests.statuses(job, host.get(), patch.resultCommit(), true);
        log.line("[GATE] " + opened.action() + " draft request " + opened.url() + " on "
                + host.get().name() + " while the change waits for approval");
    }
}
