package ai.matrix.architect.deploy.argocd;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.deploy.DeployException;
import ai.matrix.architect.deploy.DeployTarget;
import ai.matrix.architect.deploy.Deployed;
import ai.matrix.architect.deploy.Health;
import ai.matrix.architect.deploy.ReleaseRecord;
import ai.matrix.architect.deploy.ReleaseRequest;
import ai.matrix.architect.deploy.TargetState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An {@code argocd} target, GitOps: DEPLOY commits the release's manifests to the GitOps repository (once per
 * release: a resumed attempt finds its commit), asks Argo CD to sync the application to that commit, and follows
 * {@code status.sync}, {@code status.health} and {@code status.operationState} until Synced and Healthy,
 * Degraded or failed, or the timeout (the stuck sync is then terminated). A rollback is a revert commit in the
 * GitOps repository followed by a sync, so that automated sync cannot bring the failed version back (Argo CD's own
 * rollback is refused on applications with auto-sync).
 */
public class ArgoCdTarget implements DeployTarget {
    private final String name;
    private final ArchitectProperties.ArgoCd argo;
    private final ArgoCdClient api;
    private final Duration pollEvery;

    ArgoCdTarget(String name, ArchitectProperties.ArgoCd argo, ArgoCdClient api, Duration pollEvery) {
        this.name = name;
        this.argo = argo;
        this.api = api;
        this.pollEvery = pollEvery;
    }

    @Override
    public String type() {
        return "argocd";
    }

    @Override
    public Deployed deploy(ReleaseRequest release) throws DeployException, InterruptedException {
        if (release.workTree() == null) throw new DeployException("no repository tree to take the manifests from");
        Path source = release.workTree().resolve(argo.source()).normalize();
        if (!source.startsWith(release.workTree().normalize()) || !java.nio.file.Files.exists(source)) {
            throw new DeployException("the repository has no manifests at '" + argo.source() + "'");
        }
        String revision;
        String manifests;
        try (GitOpsRepo repo = GitOpsRepo.clone(argo.repo(), argo.branch())) {
            List<String> earlier = repo.commitsOf(release.releaseId());
            if (!earlier.isEmpty() && earlier.getFirst().equals(repo.head())) {
                release.log()
                        .accept("[DEPLOY] the GitOps repository already has " + release.releaseId() + " at "
                                + earlier.getFirst() + "; not committing it again");
            } else {
                repo.replace(argo.path(), source);
                repo.commit("Deploy " + release.releaseId() + " of " + release.jobId() + " (" + release.commit()
                        + ")\n\n" + GitOpsRepo.TRAILER + release.releaseId() + "\n");
                repo.push();
            }
            revision = repo.head();
            manifests = repo.read(argo.path());
        }
        AppStatus now = AppStatus.of(api.application());
        if (now.operationRunning() && revision.equals(now.revision())) {
            // a resumed attempt: the sync the interrupted one asked for is still running; asking again is refused
            release.log().accept("[DEPLOY] Argo CD is already syncing " + revision);
        } else {
            release.log()
                    .accept("[DEPLOY] GitOps commit " + revision + "; asking Argo CD to sync " + argo.application());
            api.sync(revision);
        }
        return deployed(revision, manifests, "committed " + revision + " and synced " + argo.application());
    }

    private static Deployed deployed(String revision, String manifests, String output) {
        Map<String, String> digests = new LinkedHashMap<>();
        digests.put("gitops_commit", revision);
        digests.put("manifests", Deployed.sha256(manifests));
        return new Deployed(digests, manifests, revision, output, Map.of());
    }

    @Override
    public Health awaitHealth(ReleaseRequest release, Deployed deployed, Instant deadline)
            throws DeployException, InterruptedException {
        String last = "";
        while (true) {
            AppStatus s = AppStatus.of(api.application());
            if (!s.words().equals(last))
                release.log().accept("[DEPLOY] Argo CD " + argo.application() + ": " + s.words());
            last = s.words();
            boolean ours = deployed.revision().equals(s.revision());
            if (ours && s.failed()) return Health.failed(s.words());
            if (ours && s.healthy()) return Health.ok(s.words());
            if (!Instant.now().plus(pollEvery).isBefore(deadline)) {
                if (s.operationRunning()) {
                    api.terminate();
                    release.log().accept("[DEPLOY] the sync is still running at the timeout; terminated it");
                    return Health.timedOut(s.words() + "; the sync was terminated");
                }
                return Health.timedOut(s.words());
            }
            Thread.sleep(pollEvery.toMillis());
        }
    }

    /**
     * Reverts, in one commit, every commit after the release gone back to (or, with none, the failed release's
     * own commits), pushes it and syncs to it.
     */
    @Override
    public Deployed rollBack(ReleaseRequest release, ReleaseRecord to) throws DeployException, InterruptedException {
        String revision;
        String manifests;
        try (GitOpsRepo repo = GitOpsRepo.clone(argo.repo(), argo.branch())) {
            List<String> reverted;
            if (to != null && to.revision() != null) {
                String range = repo.git("rev-list", to.revision() + "..HEAD");
                reverted = range.isEmpty() ? List.of() : range.lines().toList();
            } else {
                reverted = repo.commitsOf(release.releaseId());
            }
            if (reverted.isEmpty()) throw new DeployException("nothing in the GitOps repository to revert");
            for (String c : reverted) repo.git("revert", "--no-edit", "--no-commit", c);
            StringBuilder msg =
                    new StringBuilder("Roll " + name + " back" + (to == null ? "" : " to " + to.id()) + "\n\n");
            for (String c : reverted)
                msg.append("This reverts commit ").append(c).append(".\n");
            if (to != null) msg.append("Matrix-Rollback-To: ").append(to.id()).append('\n');
            repo.commit(msg.toString());
            repo.push();
            revision = repo.head();
            manifests = repo.read(argo.path());
            release.log().accept("[DEPLOY] GitOps revert " + revision + " of " + reverted);
        }
        api.sync(revision);
        return deployed(revision, manifests, "reverted and synced " + revision);
    }

    @Override
    public TargetState describe() throws DeployException {
        try {
            AppStatus s = AppStatus.of(api.application());
            return new TargetState(
                    "Argo CD " + argo.application() + ": " + s.words(), Map.of("revision", s.revision()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployException("interrupted while asking Argo CD", e);
        }
    }

    /** What an Argo CD application says about itself. */
    record AppStatus(String sync, String revision, String health, String phase, String message) {
        static AppStatus of(JsonNode app) {
            JsonNode status = app.path("status");
            JsonNode op = status.path("operationState");
            return new AppStatus(
                    status.path("sync").path("status").asString(""),
                    status.path("sync").path("revision").asString(""),
                    status.path("health").path("status").asString(""),
                    op.path("phase").asString(""),
                    op.path("message").asString(""));
        }

        boolean operationRunning() {
            return phase.equals("Running") || phase.equals("Terminating");
        }

        boolean healthy() {
            return sync.equals("Synced") && health.equals("Healthy") && !operationRunning();
        }

        boolean failed() {
            return health.equals("Degraded") || phase.equals("Failed") || phase.equals("Error");
        }

        String words() {
            return "sync " + sync + ", health " + health + (phase.isEmpty() ? "" : ", operation " + phase)
                    + (message.isEmpty() ? "" : " (" + message + ")");
        }
    }
}
