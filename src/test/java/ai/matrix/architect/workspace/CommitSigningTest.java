package ai.matrix.architect.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Commits are signed with the SSH key ({@code gpg.format=ssh}); {@code git verify-commit} accepts them with the
 * key's allowed-signers line and refuses the same commit re-signed by another key; the same change rebuilt gives the
 * same commit id (Ed25519 signatures are deterministic), which a rebuilt workspace relies on.
 */
public class CommitSigningTest {

    @Test
    void signedVerifiedAndRebuiltToTheSameId() throws Exception {
        Path dir = Files.createTempDirectory("commit-signing").toRealPath();
        Path origin = origin(dir);

        CommitSigning signing = CommitSigning.inDirectory(dir.resolve("keys"));
        assertThat(signing.publicKey()).startsWith("ssh-ed25519 ");
        assertThat(Files.getPosixFilePermissions(dir.resolve("keys").resolve(CommitSigning.FILE))
                        .toString())
                .isEqualTo("[OWNER_READ, OWNER_WRITE]");
        assertThat(CommitSigning.inDirectory(dir.resolve("keys")).publicKey()).isEqualTo(signing.publicKey());

        Workspaces workspaces = new Workspaces(dir.resolve("ws"), 5, DiskFloor.NONE, signing);
        RemoteRepo repo = new RemoteRepo(origin.toUri().toString(), "main", "origin");
        Instant at = Instant.parse("2026-02-03T04:05:06Z");
        String first = change(workspaces.checkout("one", repo, null), at);
        String second = change(workspaces.checkout("two", repo, null), at);
        assertThat(second).isEqualTo(first);

        Path gitDir = dir.resolve("ws/one/git");
        assertThat(Workspace_catFile(gitDir, first)).contains("gpgsig -----BEGIN SSH SIGNATURE-----");
        Path allowed = dir.resolve("allowed_signers");
        Files.writeString(allowed, signing.allowedSigner() + "\n");
        assertThat(verify(gitDir, allowed, first)).isZero();

        // the same commit re-signed by another key is refused
        CommitSigning other = CommitSigning.inDirectory(dir.resolve("other-keys"));
        assertThat(other.publicKey()).isNotEqualTo(signing.publicKey());
        Workspace ws = workspaces.find("one").orElseThrow();
        String resigned = Git.run(
                        ws.workTree(),
                        Workspace.commitEnv(at),
                        java.time.Duration.ofSeconds(30),
                        concat(other.gitConfig(), ws.withDirs("commit", "--amend", "--no-edit", "--quiet")))
                .strip();
        String amended = ws.head();
        assertThat(amended).isNotEqualTo(first);
        assertThat(resigned).isEmpty();
        assertThat(verify(gitDir, allowed, amended)).isNotZero();
    }

    /**
     * A worker with a key of its own rebuilds another worker's signed commit from the kept object: same id, the
     * original signature, which still verifies with the first worker's key; a kept object for another tree, or
     * one that does not hash to the recorded commit, is refused.
     */
    @Test
    void aWorkerWithAnotherKeyRebuildsTheSignedCommitFromItsKeptObject() throws Exception {
        Path dir = Files.createTempDirectory("commit-replay").toRealPath();
        Path origin = origin(dir);
        RemoteRepo repo = new RemoteRepo(origin.toUri().toString(), "main", "origin");
        Instant at = Instant.parse("2026-02-03T04:05:06Z");

        CommitSigning keyA = CommitSigning.inDirectory(dir.resolve("a/keys"));
        Workspaces workerA = new Workspaces(dir.resolve("a/ws"), 5, DiskFloor.NONE, keyA);
        Workspace patched = workerA.checkout("job", repo, null);
        String base = patched.head();
        String result = change(patched, at);
        String diff = patched.diff(base, result);
        String object = patched.commitObject(result);
        assertThat(patched.signsCommits()).isTrue();

        CommitSigning keyB = CommitSigning.inDirectory(dir.resolve("b/keys"));
        assertThat(keyB.publicKey()).isNotEqualTo(keyA.publicKey());
        Workspaces workerB = new Workspaces(dir.resolve("b/ws"), 5, DiskFloor.NONE, keyB);
        Workspace rebuilt = workerB.atResult("job", repo, new RecordedCommit(base, result, diff, at, "add b", object));
        assertThat(rebuilt.head()).isEqualTo(result);
        assertThat(Files.readString(rebuilt.workTree().resolve("b.txt"))).isEqualTo("b\n");
        Path allowed = dir.resolve("allowed_signers");
        Files.writeString(allowed, keyA.allowedSigner() + "\n");
        assertThat(verify(dir.resolve("b/ws/job/git"), allowed, result)).isZero();

        // signing again with B's key, as before the object was kept, gives another commit and is refused
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new Workspaces(dir.resolve("c/ws"), 5, DiskFloor.NONE, keyB)
                                .atResult("job", repo, new RecordedCommit(base, result, diff, at, "add b", null)))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("expected " + result);
        // an object for another tree (the diff left out) is refused before anything is written
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new Workspaces(dir.resolve("d/ws"), 5, DiskFloor.NONE, keyB)
                                .atResult("job", repo, new RecordedCommit(base, result, "", at, "add b", object)))
                .isInstanceOf(RuntimeException.class);
        String otherTree = "tree " + "0".repeat(40) + object.substring(object.indexOf('\n'));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new Workspaces(dir.resolve("e/ws"), 5, DiskFloor.NONE, keyB)
                                .atResult("job", repo, new RecordedCommit(base, result, diff, at, "add b", otherTree)))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("is not the tree of commit " + result);
        String tampered = object.replace("add b", "add c");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new Workspaces(dir.resolve("f/ws"), 5, DiskFloor.NONE, keyB)
                                .atResult("job", repo, new RecordedCommit(base, result, diff, at, "add b", tampered)))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("expected " + result);
    }

    private static Path origin(Path dir) throws Exception {
        Path origin = Files.createDirectories(dir.resolve("origin"));
        TestGit.git(origin, "init", "--quiet", "--initial-branch=main");
        Files.writeString(origin.resolve("a.txt"), "a\n");
        TestGit.git(origin, "add", "-A");
        TestGit.git(origin, "commit", "--quiet", "-m", "init");
        return origin;
    }

    private static String change(Workspace ws, Instant at) throws Exception {
        ws.write("b.txt", "b\n");
        ws.stageAll(ws.head());
        return ws.commit("add b", at);
    }

    private static String Workspace_catFile(Path gitDir, String commit) throws Exception {
        return TestGit.git(gitDir.getParent(), "--git-dir=" + gitDir, "cat-file", "commit", commit);
    }

    private static String[] concat(List<String> config, String[] args) {
        List<String> all = new java.util.ArrayList<>();
        for (String c : config) all.addAll(List.of("-c", c));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    public static int verify(Path gitDir, Path allowedSigners, String commit) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                        "git",
                        "--git-dir=" + gitDir,
                        "-c",
                        "gpg.ssh.allowedSignersFile=" + allowedSigners,
                        "verify-commit",
                        commit)
                .redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        System.out.println("verify-commit " + commit + ": " + code + " " + out.strip());
        return code;
    }
}
