package ai.matrix.architect.publish;

import ai.matrix.architect.artifact.Artifacts;
import ai.matrix.architect.engine.ApprovalDesk;
import ai.matrix.architect.engine.Stage;
import ai.matrix.architect.engine.StageContext;
import ai.matrix.architect.engine.StageOutcome;
import ai.matrix.architect.engine.TransientStageException;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.patch.PatchOutput;
import ai.matrix.architect.patch.PatchedWorkspaces;
import ai.matrix.architect.publish.forge.ChangeRequest;
import ai.matrix.architect.publish.forge.CommitStatus;
import ai.matrix.architect.publish.forge.ForgeException;
import ai.matrix.architect.publish.forge.OpenRequest;
import ai.matrix.architect.publish.hub.HubClient;
import ai.matrix.architect.publish.hub.HubPublisher;
import ai.matrix.architect.publish.oci.OciRegistry;
import ai.matrix.architect.workspace.GitCommandException;
import ai.matrix.architect.workspace.RemoteRepo;
import ai.matrix.architect.workspace.RepoLocator;
import ai.matrix.architect.workspace.Workspace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * PUBLISH: pushes the job branch to the origin when the job changed files and, on a configured code host, opens
 * or updates the job's pull/merge request and posts VERIFY's and GATE's results on the commit.
 */
@Component
class PublishStage implements Stage {
    static final String VERIFY_CONTEXT = "matrix-architect/verify";
    static final String GATE_CONTEXT = "matrix-architect/gate";

    private final PatchedWorkspaces patched;
    private final RepoLocator locator;
    private final ObjectMapper json;
    private final Forges forges;
    private final ApprovalDesk approvals;
    private final Artifacts artifacts;
    private final PublishProperties props;
    private final EvidenceOci oci;
    private final HubPublisher hub;

    PublishStage(
            PatchedWorkspaces patched,
            RepoLocator locator,
            ObjectMapper json,
            Forges forges,
            ApprovalDesk approvals,
            Artifacts artifacts,
            PublishProperties props,
            EvidenceOci oci,
            HubPublisher hub) {
        this.oci = oci;
        this.hub = hub;
        this.patched = patched;
        this.locator = locator;
        this.json = json;
        this.forges = forges;
        this.approvals = approvals;
        this.artifacts = artifacts;
        this.props = props;
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
        Optional<Forges.Connected> host;
        try {
            host = forges.connect(repo.url());
        } catch (Forges.Unusable e) {
            return StageOutcome.failed("cannot publish to " + repo.display() + ": " + e.getMessage());
        }
        if (host.isPresent()) {
            Optional<String> refused = permission(host.get());
            if (refused.isPresent()) return StageOutcome.failed(refused.get());
        }
        try {
            push(job, repo, host, result);
        } catch (GitCommandException e) {
            if (e.isTransient()) throw new TransientStageException(e.getMessage(), e);
            return StageOutcome.failed("push to " + repo.display() + " failed: " + e.getMessage());
        }
        ctx.log().line("pushed " + result + " to " + repo.display() + " as " + job.branch());
        boolean wanted = job.spec().publish() != null
                && Boolean.TRUE.equals(job.spec().publish().pullRequest());
        PublishOutput out;
        if (!wanted) out = new PublishOutput(repo.display(), job.branch(), result, null);
        else if (host.isEmpty()) {
            out = new PublishOutput(
                    repo.display(),
                    job.branch(),
                    result,
                    "not opened: no code host is configured for " + repo.display()
                            + " (ARCHITECT_PUBLISH_FORGES_<NAME>_URL (architect.publish.forges.<name>.url))");
        } else {
            try {
                out = request(ctx, host.get(), repo, patch);
            } catch (ForgeException e) {
                if (e.isTransient()) throw new TransientStageException(e.getMessage(), e);
                return StageOutcome.failed("the pull request on " + host.get().name() + " failed: " + e.getMessage());
            }
        }
        return finish(ctx, out);
    }

    /** Pushes the evidence to the OCI registry when the job asks, and says what PUBLISH did. */
    private StageOutcome finish(StageContext ctx, PublishOutput out) throws java.io.IOException {
        Job job = ctx.job();
        String summary = "pushed " + job.branch() + " at " + out.commit().substring(0, 12);
        if (out.request() != null)
            summary += "; " + out.request().action() + " " + out.request().url();
        if (EvidenceOci.wanted(job)) {
            try {
                out = out.withOci(oci.push(job));
            } catch (IllegalStateException e) {
                return StageOutcome.failed("the evidence was not pushed to the OCI registry: " + e.getMessage());
            } catch (OciRegistry.OciException e) {
                if (e.status() == 0 || e.status() >= 500) throw new TransientStageException(e.getMessage(), e);
                return StageOutcome.failed("the OCI registry refused the evidence: " + e.getMessage());
            }
            ctx.log()
                    .line("pushed the evidence to " + out.oci().reference() + " ("
                            + out.oci().digest() + ")");
            summary += "; evidence at " + out.oci().reference();
        }
        if (job.spec().publish() != null
                && Boolean.TRUE.equals(job.spec().publish().hub())) {
            String problem = hub(ctx, out);
            if (problem != null && !hub.optional()) return StageOutcome.failed(problem);
            summary += problem == null ? "; in the Matrix Hub" : "; warning: " + problem;
        }
        return StageOutcome.succeeded(summary, json.valueToTree(out));
    }

    /** Publishes to the Matrix Hub; null when it worked, else the sentence with the Hub's answer. */
    private String hub(StageContext ctx, PublishOutput out) {
        HubManifest manifest =
                new HubManifest(ctx.job(), out, artifacts.list(ctx.job().id()), props.uiUrl());
        try {
            hub.publish(ctx.job().id(), manifest.id(), manifest.json(), props.uiUrl());
            ctx.log().line("published " + manifest.id() + " to the Matrix Hub");
            return null;
        } catch (HubClient.HubException | IllegalStateException e) {
            String problem = "the Matrix Hub publish failed: " + e.getMessage();
            ctx.log().line((hub.optional() ? "[warning] " : "") + problem);
            return problem;
        }
    }

    private static Optional<String> permission(Forges.Connected host) {
        try {
            return host.forge().cannotPush();
        } catch (ForgeException e) {
            if (e.isTransient()) throw new TransientStageException(e.getMessage(), e);
            return Optional.of("cannot check the token's permissions on " + host.name() + ": " + e.getMessage());
        }
    }

    private void push(Job job, RemoteRepo repo, Optional<Forges.Connected> host, String result)
            throws java.io.IOException {
        Workspace ws = patched.of(job);
        ws.pointBranch(job.branch(), result);
        if (host.isEmpty()) {
            ws.push(repo.url(), job.branch(), Duration.ofMinutes(10), repo.gitEnv());
            return;
        }
        GitCredentials creds = host.get().credentials();
        Map<String, String> env = new HashMap<>(repo.gitEnv());
        env.putAll(creds.env());
        // the branch is the job's: a run again replaces what an earlier run of it pushed
        ws.push(repo.url(), job.branch(), Duration.ofMinutes(10), env, creds.config(), true);
    }

    private PublishOutput request(StageContext ctx, Forges.Connected host, RemoteRepo repo, PatchOutput patch) {
        Job job = ctx.job();
        JobRequest.Publish p = job.spec().publish();
        RequestBody body = new RequestBody(
                job,
                patch,
                approvals.approvals(job.id()),
                ctx.output(StageName.DEPLOY),
                artifacts.list(job.id()),
                props.uiUrl());
        String base = p.base() != null ? p.base() : repo.ref() != null ? repo.ref() : "main";
        ChangeRequest change = new ChangeRequest(
                job.branch(),
                base,
                body.title(),
                body.markdown(),
                merged(host.config().labels(), p.labels()),
                merged(host.config().reviewers(), p.reviewers()),
                false);
        OpenRequest opened = host.forge().ensure(change);
        ctx.log().line(opened.action() + " request " + opened.url() + " on " + host.name());
        statuses(ctx, host, patch.resultCommit());
        return new PublishOutput(
                repo.display(),
                job.branch(),
                patch.resultCommit(),
                opened.url(),
                new PublishOutput.Request(host.name(), opened.number(), opened.url(), opened.action()));
    }

    /** VERIFY and GATE passed to get here: both are posted as successes, with what they found. */
    private void statuses(StageContext ctx, Forges.Connected host, String commit) {
        Job job = ctx.job();
        String link = props.uiUrl().isBlank() ? "" : props.uiUrl().replaceAll("/+$", "") + "/jobs/" + job.id();
        var tests = job.evidence() == null ? null : job.evidence().get("tests");
        String verify = tests == null
                ? "verified"
                : tests.path("passed").asInt() + " passed, "
                        + tests.path("failed").asInt() + " failed, "
                        + tests.path("skipped").asInt() + " skipped";
        String decision =
                job.gate() == null ? "allow" : job.gate().path("decision").asString("allow");
        host.forge().postStatus(commit, new CommitStatus(VERIFY_CONTEXT, CommitStatus.State.SUCCESS, verify, link));
        host.forge()
                .postStatus(
                        commit, new CommitStatus(GATE_CONTEXT, CommitStatus.State.SUCCESS, "gate: " + decision, link));
        ctx.log().line("posted " + VERIFY_CONTEXT + " and " + GATE_CONTEXT + " on " + commit);
    }

    private static List<String> merged(List<String> a, List<String> b) {
        LinkedHashSet<String> all = new LinkedHashSet<>(a == null ? List.of() : a);
        if (b != null) all.addAll(b);
        return new ArrayList<>(all);
    }
}
