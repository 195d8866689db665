package ai.matrix.architect.publish;

import ai.matrix.architect.artifact.Artifacts;
import ai.matrix.architect.engine.Stage;
import ai.matrix.architect.engine.StageContext;
import ai.matrix.architect.engine.StageOutcome;
import ai.matrix.architect.engine.TransientStageException;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.patch.PatchOutput;
import ai.matrix.architect.publish.forge.ChangeRequest;
import ai.matrix.architect.publish.forge.ForgeException;
import ai.matrix.architect.publish.forge.OpenRequest;
import ai.matrix.architect.publish.hub.HubClient;
import ai.matrix.architect.publish.hub.HubPublisher;
import ai.matrix.architect.publish.oci.OciRegistry;
import ai.matrix.architect.workspace.GitCommandException;
import ai.matrix.architect.workspace.RemoteRepo;
import ai.matrix.architect.workspace.RepoLocator;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * PUBLISH: pushes the job branch to the origin when the job changed files and, on a configured code host, opens
 * or updates the job's pull/merge request and posts VERIFY's and GATE's results on the commit.
 */
@Component
class PublishStage implements Stage {
    private final RepoLocator locator;
    private final ObjectMapper json;
    private final Forges forges;
    private final ChangeRequests requests;
    private final Artifacts artifacts;
    private final PublishProperties props;
    private final EvidenceOci oci;
    private final HubPublisher hub;

    PublishStage(
            RepoLocator locator,
            ObjectMapper json,
            Forges forges,
            ChangeRequests requests,
            Artifacts artifacts,
            PublishProperties props,
            EvidenceOci oci,
            HubPublisher hub) {
        this.oci = oci;
        this.hub = hub;
        this.locator = locator;
        this.json = json;
        this.forges = forges;
        this.requests = requests;
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
        boolean wanted = job.spec().publish() != null
                && Boolean.TRUE.equals(job.spec().publish().pullRequest());
        try {
            ChangeRequests.Target target = host.isPresent() && wanted
                    ? requests.target(job, host.get(), repo)
                    : new ChangeRequests.Target(job.branch(), null, null);
            requests.push(job, repo, host, target.branch(), result);
            ctx.log().line("pushed " + result + " to " + repo.display() + " as " + target.branch());
            if (!wanted) return finish(ctx, new PublishOutput(repo.display(), job.branch(), result, null));
            if (host.isEmpty()) {
                return finish(
                        ctx,
                        new PublishOutput(
                                repo.display(),
                                job.branch(),
                                result,
                                "not opened: no code host is configured for " + repo.display()
                                        + " (ARCHITECT_PUBLISH_FORGES_<NAME>_URL (architect.publish.forges.<name>.url))"));
            }
            return finish(ctx, request(ctx, host.get(), repo, target, patch));
        } catch (GitCommandException e) {
            if (e.isTransient()) throw new TransientStageException(e.getMessage(), e);
            return StageOutcome.failed("push to " + repo.display() + " failed: " + e.getMessage());
        } catch (ForgeException e) {
            if (e.isTransient()) throw new TransientStageException(e.getMessage(), e);
            return StageOutcome.failed("the pull request on " + host.get().name() + " failed: " + e.getMessage());
        }
    }

    /** Pushes the evidence to the OCI registry when the job asks, and says what PUBLISH did. */
    private StageOutcome finish(StageContext ctx, PublishOutput out) throws java.io.IOException {
        Job job = ctx.job();
        String summary = "pushed " + out.branch() + " at " + out.commit().substring(0, 12);
        if (out.request() != null)
            summary += "; " + out.request().action() + " " + out.request().url();
        if (EvidenceOci.wanted(job)) {
            try {
                out = out.withOci(oci.push(job, ctx.output(StageName.DEPLOY)));
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

    private PublishOutput request(
            StageContext ctx, Forges.Connected host, RemoteRepo repo, ChangeRequests.Target target, PatchOutput patch) {
        Job job = ctx.job();
        if (target.reusedFrom() != null) {
            ctx.log()
                    .line("publish.reuse: the open request of job " + target.reusedFrom() + " on " + target.branch()
                            + " is updated instead of opening another");
        }
        ChangeRequest change = requests.describe(job, host, target, patch, ctx.output(StageName.DEPLOY), false);
        OpenRequest opened = host.forge().ensure(change);
        requests.remember(job, host, repo, target, opened);
        ctx.log().line(opened.action() + " request " + opened.url() + " on " + host.name());
        requests.statuses(job, host, patch.resultCommit(), false);
        ctx.log()
                .line("posted " + ChangeRequests.VERIFY_CONTEXT + " and " + ChangeRequests.GATE_CONTEXT + " on "
                        + patch.resultCommit());
        return new PublishOutput(
                repo.display(),
                target.branch(),
                patch.resultCommit(),
                opened.url(),
                new PublishOutput.Request(host.name(), opened.number(), opened.url(), opened.action()));
    }
}
