package ai.matrix.architect.deploy.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.deploy.DeployTarget;
import ai.matrix.architect.deploy.DeployTargetContract;
import ai.matrix.architect.deploy.ReleaseFlow;
import ai.matrix.architect.deploy.ReleaseRequest;
import ai.matrix.architect.workspace.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract for {@code argocd} targets: a real bare git repository as the GitOps repository and a local fake
 * of Argo CD's API that reads it.
 */
class ArgoCdTargetTest extends DeployTargetContract {
    @TempDir
    Path dir;

    Path gitops;
    FakeArgoCd argo;

    @BeforeEach
    void gitOpsRepositoryAndArgoCd() throws IOException {
        gitops = dir.resolve("gitops.git");
        git(null, "init", "--quiet", "--bare", "--initial-branch=main", gitops.toString());
        Path seed = dir.resolve("seed");
        git(null, "clone", "--quiet", gitops.toString(), seed.toString());
        Files.writeString(seed.resolve("README.md"), "GitOps\n");
        git(seed, "add", "README.md");
        git(seed, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "start");
        git(seed, "push", "--quiet", "origin", "HEAD:refs/heads/main");
        argo = new FakeArgoCd(gitops, "web");
    }

    @AfterEach
    void stop() {
        argo.close();
    }

    static String git(Path cwd, String... args) {
        return Git.run(cwd, Map.of(), Duration.ofSeconds(30), args).strip();
    }

    @Override
    protected DeployTarget target() {
        var settings = new ArchitectProperties.ArgoCd(
                argo.url(), "web", "env:ARGOCD_TOKEN", gitops.toString(), "main", "apps/web", "deploy");
        return new ArgoCdTarget(
                TARGET, settings, new ArgoCdClient(argo.url(), "web", () -> FakeArgoCd.TOKEN), Duration.ofMillis(20));
    }

    @Override
    protected String hangingVersion() {
        return "stuck";
    }

    @Override
    protected ReleaseRequest request(String releaseId, String jobId, String version) throws IOException {
        Path tree = Files.createDirectories(dir.resolve("trees/" + releaseId + "-" + version + "/deploy"));
        Files.writeString(tree.resolve("app.yaml"), "kind: Deployment\nimage: registry.local/web:" + version + "\n");
        return new ReleaseRequest(
                releaseId,
                TARGET,
                "staging",
                jobId,
                "default",
                "c0ffee-" + version,
                null,
                tree.getParent(),
                null,
                log::add);
    }

    @Override
    protected String running() {
        return argo.live;
    }

    /** Commits of the release in the GitOps repository. */
    @Override
    protected int deliveries(String releaseId) {
        String out = git(
                null,
                "--git-dir=" + gitops,
                "log",
                "--format=%H",
                "--fixed-strings",
                "--grep=Matrix-Release: " + releaseId,
                "main");
        return out.isEmpty() ? 0 : (int) out.lines().count();
    }

    @Test
    void afterAFailedSyncWithAutoSyncTheHeadRevertsTheJobsCommitAndASecondSyncKeepsTheOldVersion() throws Exception {
        assertThat(deploy("rel_1", "v1").status()).isEqualTo("healthy");
        ReleaseFlow.Outcome o = deploy("rel_2", "bad");
        assertThat(o.status()).as("%s %s", o.why(), log).isEqualTo("rolled_back");
        assertThat(o.health().evidence()).contains("health Degraded");
        String jobsCommit = o.deployed().revision();
        // the head is a revert of the job's commit: its parent is that commit, and it puts rel_1's manifests back
        assertThat(git(null, "--git-dir=" + gitops, "rev-parse", "main^")).isEqualTo(jobsCommit);
        assertThat(git(null, "--git-dir=" + gitops, "log", "-1", "--format=%B", "main"))
                .contains("This reverts commit " + jobsCommit + ".");
        assertThat(git(null, "--git-dir=" + gitops, "show", "main:apps/web/app.yaml"))
                .contains("web:v1");
        // Argo CD's automated sync follows the branch: it keeps the old version
        argo.autoSync();
        assertThat(argo.live).isEqualTo("v1");
        assertThat(argo.health).isEqualTo("Healthy");
    }

    @Test
    void aSyncStuckPastTheTimeoutIsTerminatedAndRolledBack() throws Exception {
        assertThat(deploy("rel_1", "v1").status()).isEqualTo("healthy");
        ReleaseFlow.Outcome o = deploy("rel_2", "stuck");
        assertThat(o.status()).as("%s %s", o.why(), log).isEqualTo("rolled_back");
        assertThat(o.health().timedOut()).isTrue();
        assertThat(o.health().evidence()).contains("the sync was terminated");
        assertThat(argo.terminations).isEqualTo(1);
        assertThat(argo.live).isEqualTo("v1");
    }
}
