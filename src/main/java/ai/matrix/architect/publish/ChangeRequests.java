package ai.matrix.architect.publish;

import ai.matrix.architect.artifact.Artifacts;
import ai.matrix.architect.engine.ApprovalDesk;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.patch.PatchOutput;
import ai.matrix.architect.patch.PatchedWorkspaces;
import ai.matrix.architect.publish.forge.ChangeRequest;
import ai.matrix.architect.publish.forge.CommitStatus;
import ai.matrix.architect.publish.forge.OpenRequest;
import ai.matrix.architect.workspace.RemoteRepo;
import ai.matrix.architect.workspace.Workspace;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * What PUBLISH and the draft opened while the gate waits ({@link DraftRequests}) share: which branch the job's
 * request lives on, the push of the job's commit there, the request as the job's evidence describes it, and the
 * VERIFY and GATE statuses on the commit.
 */
@Component
class ChangeRequests {
    static final String VERIFY_CONTEXT = "matrix-architect/verify";
    static final String GATE_CONTEXT = "matrix-architect/gate";
    static final String DRAFT_NOTE = "> **Draft while the change waits for approval in Matrix Architect.** It becomes"
            + " ready for review when the job's gate is approved and the job publishes.\n\n";

    private final PatchedWorkspaces patched;
    private final ApprovalDesk approvals;
    private final Artifacts artifacts;
    private final PublishProperties props;
    private final PublishedRequests published;

    ChangeRequests(
            PatchedWorkspaces patched,
            ApprovalDesk approvals,
            Artifacts artifacts,
            PublishProperties props,
            PublishedRequests published) {
        this.patched = patched;
        this.approvals = approvals;
        this.artifacts = artifacts;
        this.props = props;
        this.published = published;
    }

    /**
     * Where the job's request lives: the job's own branch, or, with {@code publish.reuse}, the branch of the open
     * request that an earlier job published for the same repository, base and goal.
     *
     * @param reusedFrom the job whose request is reused, or null
     */
    record Target(String branch, String base, String reusedFrom) {}

    Target target(Job job, Forges.Connected host, RemoteRepo repo) {
        JobRequest.Publish p = job.spec().publish();
        String base = p != null && p.base() != null ? p.base() : repo.ref() != null ? repo.ref() : "main";
        if (p == null || !Boolean.TRUE.equals(p.reuse())) return new Target(job.branch(), base, null);
        Optional<PublishedRequests.Published> earlier =
                published.find(repo.url(), base, job.spec().goal());
        if (earlier.isEmpty()
                || !earlier.get().host().equals(host.name())
                || earlier.get().branch().equals(job.branch())
                || host.forge().findOpen(earlier.get().branch(), base).isEmpty()) {
            return new Target(job.branch(), base, null);
        }
        return new Target(earlier.get().branch(), base, earlier.get().jobId());
    }

    /** Points {@code branch} at the job's commit and pushes it; on a code host with its token, replacing the branch. */
    void push(Job job, RemoteRepo repo, Optional<Forges.Connected> host, String branch, String result)
            throws IOException {
        Workspace ws = patched.of(job);
        ws.pointBranch(branch, result);
        if (host.isEmpty()) {
            ws.push(repo.url(), branch, Duration.ofMinutes(10), repo.gitEnv());
            return;
        }
        GitCredentials creds = host.get().credentials();
        Map<String, String> env = new HashMap<>(repo.gitEnv());
        env.putAll(creds.env());
        // the branch is the change's: a run again (or a reusing job) replaces what was pushed before
        ws.push(repo.url(), branch, Duration.ofMinutes(10), env, creds.config(), true);
    }

    ChangeRequest describe(
            Job job, Forges.Connected host, Target target, PatchOutput patch, JsonNode deploy, boolean draft) {
        JobRequest.Publish p = job.spec().publish();
        RequestBody body = new RequestBody(
                job, patch, approvals.approvals(job.id()), deploy, artifacts.list(job.id()), props.uiUrl());
        return new ChangeRequest(
                target.branch(),
                target.base(),
                body.title(),
                (draft ? DRAFT_NOTE : "") + body.markdown(),
                merged(host.config().labels(), p == null ? null : p.labels()),
                merged(host.config().reviewers(), p == null ? null : p.reviewers()),
                draft);
    }

    /** Remembers the request as the one this repository, base and goal last got (what {@code reuse} finds). */
    void remember(Job job, Forges.Connected host, RemoteRepo repo, Target target, OpenRequest opened) {
        published.record(
                repo.url(),
                target.base(),
                job.spec().goal(),
                new PublishedRequests.Published(host.name(), opened.number(), opened.url(), target.branch(), job.id()));
    }

    /** VERIFY passed to get this far; GATE is pending while the job waits for approval, else passed. */
    void statuses(Job job, Forges.Connected host, String commit, boolean awaitingApproval) {
        String link = props.uiUrl().isBlank() ? "" : props.uiUrl().replaceAll("/+$", "") + "/jobs/" + job.id();
        var tests = job.evidence() == null ? null : job.evidence().get("tests");
        String verify = tests == null
                ? "verified"
                : tests.path("passed").asInt() + " passed, "
                        + tests.path("failed").asInt() + " failed, "
                        + tests.path("skipped").asInt() + " skipped";
        host.forge().postStatus(commit, new CommitStatus(VERIFY_CONTEXT, CommitStatus.State.SUCCESS, verify, link));
        CommitStatus gate = awaitingApproval
                ? new CommitStatus(GATE_CONTEXT, CommitStatus.State.PENDING, "gate: awaiting approval", link)
                : new CommitStatus(
                        GATE_CONTEXT,
                        CommitStatus.State.SUCCESS,
                        "gate: "
                                + (job.gate() == null
                                        ? "allow"
                                        : job.gate().path("decision").asString("allow")),
                        link);
        host.forge().postStatus(commit, gate);
    }

    private static List<String> merged(List<String> a, List<String> b) {
        LinkedHashSet<String> all = new LinkedHashSet<>(a == null ? List.of() : a);
        if (b != null) all.addAll(b);
        return new ArrayList<>(all);
    }
}
