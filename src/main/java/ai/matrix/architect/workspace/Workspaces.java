package ai.matrix.architect.workspace;

import ai.matrix.architect.config.ArchitectProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Makes, finds and rebuilds job workspaces under the configured workspace directory. */
@Component
public class Workspaces {
    private static final Duration CLONE_TIMEOUT = Duration.ofMinutes(15);
    /** History given to sandboxed commands by default: enough for {@code git describe} on most projects. */
    public static final int DEFAULT_SANDBOX_GIT_DEPTH = 50;

    private final Path root;
    private final int sandboxGitDepth;
    private final DiskFloor floor;
    private final CommitSigning signing;

    public Workspaces(ArchitectProperties props) {
        this(props, DEFAULT_SANDBOX_GIT_DEPTH, DiskFloor.NONE, CommitSigning.NONE);
    }

    /**
     * @param sandboxGitDepth commits of history in the git directory sandboxed commands see (0: all of it)
     */
    @Autowired
    public Workspaces(
            ArchitectProperties props,
            @Value("${architect.sandbox-git-depth:" + DEFAULT_SANDBOX_GIT_DEPTH + "}") int sandboxGitDepth,
            DiskFloor floor,
            CommitSigning signing) {
        this(props.workspaces(), sandboxGitDepth, floor, signing);
    }

    /** Workspaces under {@code root}, whatever the configuration says, with no disk floor. */
    public Workspaces(Path root, int sandboxGitDepth) {
        this(root, sandboxGitDepth, DiskFloor.NONE);
    }

    public Workspaces(Path root, int sandboxGitDepth, DiskFloor floor) {
        this(root, sandboxGitDepth, floor, CommitSigning.NONE);
    }

    /** Workspaces whose commits are signed with {@code signing}'s key. */
    public Workspaces(Path root, int sandboxGitDepth, DiskFloor floor, CommitSigning signing) {
        this.signing = signing;
        if (sandboxGitDepth < 0)
            throw new IllegalArgumentException(
                    "ARCHITECT_SANDBOX_GIT_DEPTH (architect.sandbox-git-depth) must be 0 or more");
        this.root = root.toAbsolutePath().normalize();
        this.sandboxGitDepth = sandboxGitDepth;
        this.floor = floor;
    }

    /** Where the workspaces live: one directory per job, named by its id. */
    public Path root() {
        return root;
    }

    private Path dirOf(String jobId) {
        if (!jobId.matches("[A-Za-z0-9_]+")) throw new IllegalArgumentException("bad job id");
        return root.resolve(jobId);
    }

    /**
     * Clones the repository into a fresh workspace and checks out {@code commit} when given, else the ref, else
     * the default branch.
     */
    public Workspace checkout(String jobId, RemoteRepo repo, String commit) {
        floor.require(root);
        String uploadPack = Git.isLocal(repo.url()) ? Git.LOCAL_UPLOAD_PACK : "git-upload-pack";
        Workspace ws = cloneInto(dirOf(jobId), repo.gitEnv(), uploadPack, repo.url());
        String target = commit != null ? commit : resolveRef(ws, repo.ref());
        ws.git("checkout", "--force", "--detach", target);
        return ws;
    }

    /** A fresh clone of {@code url} in {@code dir}: the git directory in {@code git/}, the work tree in {@code src/}. */
    private Workspace cloneInto(Path dir, Map<String, String> env, String uploadPack, String url) {
        deleteTree(dir);
        Path gitDir = dir.resolve("git");
        Path workTree = dir.resolve("src");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Git.run(
                dir,
                env,
                CLONE_TIMEOUT,
                "clone",
                "--quiet",
                "--no-checkout",
                "--no-recurse-submodules",
                "--upload-pack=" + uploadPack,
                "--separate-git-dir=" + gitDir,
                "--",
                url,
                workTree.toString());
        try {
            // the work tree's .git pointer file is not needed: every command names the git directory
            Files.deleteIfExists(workTree.resolve(".git"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Workspace(gitDir, workTree, sandboxGitDepth, signing);
    }

    private static String resolveRef(Workspace ws, String ref) {
        if (ref == null) {
            var head = ws.tryGit(null, "rev-parse", "--verify", "--quiet", "refs/remotes/origin/HEAD^{commit}");
            if (head.exitCode() == 0) return head.stdout().strip();
            throw new WorkspaceException("the repository has no default branch; give repo.ref");
        }
        for (String candidate : new String[] {"refs/remotes/origin/" + ref, "refs/tags/" + ref, ref}) {
            var r = ws.tryGit(null, "rev-parse", "--verify", "--quiet", "--end-of-options", candidate + "^{commit}");
            if (r.exitCode() == 0) return r.stdout().strip();
        }
        throw new WorkspaceException("the repository has no branch, tag or commit named '" + ref + "'");
    }

    /** The job's workspace if it exists on this machine. */
    public java.util.Optional<Workspace> find(String jobId) {
        Path dir = dirOf(jobId);
        Path gitDir = dir.resolve("git");
        if (!Files.isDirectory(gitDir) || !Files.isDirectory(dir.resolve("src"))) return java.util.Optional.empty();
        return java.util.Optional.of(new Workspace(gitDir, dir.resolve("src"), sandboxGitDepth, signing));
    }

    /**
     * Makes sure this machine has the job's workspace at the recorded result commit: reuses it when present, else
     * clones the base commit and re-applies the recorded diff, then replays the kept commit object of a signed
     * commit, or commits again with the recorded time and message, so that the commit id comes out the same.
     */
    public Workspace atResult(String jobId, RemoteRepo repo, RecordedCommit commit) {
        floor.require(root); // every stage after PATCH starts here: a full disk stops it before it writes
        var existing = find(jobId);
        if (existing.isPresent()) {
            Workspace ws = existing.get();
            if (ws.tryResetTo(commit.result())) return ws;
        }
        Workspace ws = checkout(jobId, repo, commit.base());
        if (commit.changedNothing()) return ws;
        ws.applyPatch(commit.diff());
        ws.stageAll(commit.base());
        if (commit.object() != null) {
            ws.replayCommit(commit.object(), commit.result());
            return ws;
        }
        String rebuilt = ws.commit(commit.message(), commit.time());
        if (!rebuilt.equals(commit.result())) {
            throw new WorkspaceException(
                    "rebuilding the workspace gave commit " + rebuilt + ", expected " + commit.result());
        }
        return ws;
    }

    /**
     * A second workspace of the job at {@code commit}, in {@code <job's directory>/<name>} (VERIFY's baseline runs
     * the failing checks on the base commit there), cloned from the job's own git directory with the hardened
     * upload-pack, so it needs no network and reads nothing of the remote's. Replaces an earlier one.
     */
    public Workspace beside(String jobId, Workspace of, String name, String commit) {
        floor.require(root);
        Workspace ws = cloneInto(besideDir(jobId, name), Map.of(), Git.LOCAL_UPLOAD_PACK, "file://" + of.gitDir());
        ws.git("checkout", "--force", "--detach", commit);
        return ws;
    }

    /** Removes what {@link #beside} made. */
    public void deleteBeside(String jobId, String name) {
        deleteTree(besideDir(jobId, name));
    }

    private Path besideDir(String jobId, String name) {
        if (!name.matches("[a-z]+") || name.equals("git") || name.equals("src")) {
            throw new IllegalArgumentException("bad workspace name");
        }
        return dirOf(jobId).resolve(name);
    }

    public void delete(String jobId) {
        deleteTree(dirOf(jobId));
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
