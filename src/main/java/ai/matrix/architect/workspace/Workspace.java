package ai.matrix.architect.workspace;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One job's checkout: a work tree the sandbox may see and change, and a git directory beside it that the
 * sandbox never sees.
 */
public final class Workspace {
    public static final String AUTHOR_NAME = "Matrix Architect";
    public static final String AUTHOR_EMAIL = "architect@matrix-architect.local";
    private static final Duration LOCAL_TIMEOUT = Duration.ofMinutes(5);

    private final Path gitDir;
    private final Path workTree;
    private final int sandboxGitDepth;

    private final CommitSigning signing;

    Workspace(Path gitDir, Path workTree, int sandboxGitDepth) {
        this(gitDir, workTree, sandboxGitDepth, CommitSigning.NONE);
    }

    Workspace(Path gitDir, Path workTree, int sandboxGitDepth, CommitSigning signing) {
        this.gitDir = gitDir;
        this.workTree = workTree;
        this.sandboxGitDepth = sandboxGitDepth;
        this.signing = signing;
    }

    /**
     * A git directory at the work tree's root for the sandboxed commands run while it is open (see
     * {@link SandboxGit}); the server's own git never reads it.
     */
    public SandboxGit sandboxGit() {
        return SandboxGit.expose(this, sandboxGitDepth);
    }

    public Path workTree() {
        return workTree;
    }

    public Path gitDir() {
        return gitDir;
    }

    public String git(String... args) {
        return Git.run(workTree, Map.of(), LOCAL_TIMEOUT, withDirs(args));
    }

    Git.Result tryGit(byte[] stdin, String... args) {
        return Git.tryRun(workTree, Map.of(), LOCAL_TIMEOUT, stdin, withDirs(args));
    }

    String[] withDirs(String... args) {
        List<String> all = new ArrayList<>();
        all.add("--git-dir=" + gitDir);
        all.add("--work-tree=" + workTree);
        all.addAll(Arrays.asList(args));
        // git wants the global options before the subcommand
        return all.toArray(String[]::new);
    }

    public String head() {
        return git("rev-parse", "HEAD").strip();
    }

    /** Creates or replaces a file; refuses paths that leave the work tree or pass through a symbolic link. */
    public void write(String relPath, String content) throws IOException {
        Path target = safeTarget(relPath);
        Files.createDirectories(target.getParent());
        ensureNoLinkOnTheWay(relPath);
        try (OutputStream out = Files.newOutputStream(
                target,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    public boolean exists(String relPath) throws IOException {
        Path target = safeTarget(relPath);
        return Files.exists(target, LinkOption.NOFOLLOW_LINKS);
    }

    public void delete(String relPath) throws IOException {
        Path target = safeTarget(relPath);
        Files.delete(target);
    }

    private Path safeTarget(String relPath) throws IOException {
        var problem = PathRules.problem(relPath);
        if (problem.isPresent()) throw new WorkspaceException("path '" + relPath + "' " + problem.get());
        Path target = workTree.resolve(relPath).normalize();
        if (!target.startsWith(workTree) || target.equals(workTree)) {
            throw new WorkspaceException("path '" + relPath + "' is outside the repository");
        }
        ensureNoLinkOnTheWay(relPath);
        return target;
    }

    private void ensureNoLinkOnTheWay(String relPath) {
        Path current = workTree;
        Path rel = workTree.relativize(workTree.resolve(relPath).normalize());
        for (int i = 0; i < rel.getNameCount() - 1; i++) {
            current = current.resolve(rel.getName(i));
            if (Files.isSymbolicLink(current)) {
                throw new WorkspaceException(
                        "path '" + relPath + "' goes through the symbolic link '" + workTree.relativize(current) + "'");
            }
        }
        Path last = workTree.resolve(rel);
        if (Files.isSymbolicLink(last)) {
            throw new WorkspaceException("path '" + relPath + "' is a symbolic link; it is not followed");
        }
    }

    /** Applies a unified diff with {@code git apply} semantics (which refuses to write beyond symbolic links). */
    public void applyPatch(String diff) {
        byte[] bytes = diff.endsWith("\n")
                ? diff.getBytes(StandardCharsets.UTF_8)
                : (diff + "\n").getBytes(StandardCharsets.UTF_8);
        Git.Result check = tryGit(bytes, "apply", "--check", "--whitespace=nowarn", "-");
        if (check.exitCode() != 0) {
            throw new WorkspaceException(
                    "the patch does not apply: " + check.stderr().strip());
        }
        Git.Result r = tryGit(bytes, "apply", "--whitespace=nowarn", "-");
        if (r.exitCode() != 0)
            throw new WorkspaceException(
                    "the patch does not apply: " + r.stderr().strip());
    }

    /** Files git would add that it does not track yet (the repository's .gitignore applies). */
    public java.util.Set<String> untrackedFiles() {
        String out = git("ls-files", "--others", "--exclude-standard", "-z");
        java.util.Set<String> files = new java.util.TreeSet<>();
        for (String f : out.split("\0")) if (!f.isEmpty()) files.add(f);
        return files;
    }

    /** Stages everything; returns the paths that differ from the base commit. */
    public List<String> stageAll(String baseCommit) {
        git("add", "-A", "--", ".");
        String out = git("diff", "--cached", "--name-only", "-z", baseCommit);
        List<String> files = new ArrayList<>();
        for (String f : out.split("\0")) if (!f.isEmpty()) files.add(f);
        return files;
    }

    /**
     * Refuses staged symbolic links whose target is absolute or leads out of the work tree: a later step or a
     * later reader could otherwise be led to host files.
     */
    public void refuseEscapingLinks(String baseCommit) {
        String raw = git("diff", "--cached", "--raw", "-z", "--no-renames", baseCommit);
        String[] parts = raw.split("\0");
        for (int i = 0; i + 1 < parts.length; i += 2) {
            String meta = parts[i];
            String path = parts[i + 1];
            String[] fields = meta.trim().split(" ");
            if (fields.length < 2 || !fields[1].equals("120000")) continue;
            Path link = workTree.resolve(path);
            try {
                Path target = Files.readSymbolicLink(link);
                Path resolved = link.getParent().resolve(target).normalize();
                if (target.isAbsolute() || !resolved.startsWith(workTree)) {
                    throw new WorkspaceException("the change creates the symbolic link '" + path
                            + "' pointing outside the repository (" + target + ")");
                }
            } catch (IOException e) {
                throw new WorkspaceException("cannot read the symbolic link '" + path + "': " + e.getMessage());
            }
        }
    }

    /**
     * Commits what is staged as Matrix Architect at the given time (so that the commit can be rebuilt), signed when
     * the workspace has a signing key (see {@link CommitSigning}).
     */
    public String commit(String message, Instant time) {
        Map<String, String> env = commitEnv(time);
        List<String> args = new ArrayList<>();
        for (String c : signing.gitConfig()) args.addAll(List.of("-c", c));
        args.addAll(Arrays.asList(withDirs("commit", "--no-verify", "--quiet", "-m", message)));
        Git.run(workTree, env, LOCAL_TIMEOUT, args.toArray(String[]::new));
        return head();
    }

    /** Whether {@link #commit} signs: a signed commit is rebuilt elsewhere from its kept object, not recommitted. */
    public boolean signsCommits() {
        return signing.enabled();
    }

    /** The commit's raw object (headers, signature, message), as {@link #replayCommit} takes it back. */
    public String commitObject(String commit) {
        return git("cat-file", "commit", commit);
    }

    /**
     * Writes a commit object kept from an earlier {@link #commit} on top of what is staged and points HEAD at it:
     * the same commit id, signature included, on a worker that does not hold the key that signed it. Refused
     * when the staged tree is not the one the object names or the object is not the expected commit.
     */
    public String replayCommit(String commitObject, String expected) {
        String tree = git("write-tree").strip();
        if (!commitObject.startsWith("tree " + tree + "\n")) {
            throw new WorkspaceException("the rebuilt tree " + tree + " is not the tree of commit " + expected);
        }
        Git.Result written =
                tryGit(commitObject.getBytes(StandardCharsets.UTF_8), "hash-object", "-t", "commit", "-w", "--stdin");
        String id = written.stdout().strip();
        if (written.exitCode() != 0 || !id.equals(expected)) {
            throw new WorkspaceException("the kept commit object gave "
                    + (written.exitCode() != 0 ? "an error: " + written.stderr().strip() : "commit " + id)
                    + ", expected " + expected);
        }
        git("update-ref", "--no-deref", "HEAD", id);
        return id;
    }

    static Map<String, String> commitEnv(Instant time) {
        Map<String, String> env = new HashMap<>();
        String date = "@" + time.getEpochSecond() + " +0000";
        env.put("GIT_AUTHOR_NAME", AUTHOR_NAME);
        env.put("GIT_AUTHOR_EMAIL", AUTHOR_EMAIL);
        env.put("GIT_AUTHOR_DATE", date);
        env.put("GIT_COMMITTER_NAME", AUTHOR_NAME);
        env.put("GIT_COMMITTER_EMAIL", AUTHOR_EMAIL);
        env.put("GIT_COMMITTER_DATE", date);
        return env;
    }

    /** What is staged, against {@code from}. */
    public String stagedDiff(String from) {
        return git("diff", "--cached", "--binary", "--no-color", "--no-ext-diff", from);
    }

    public String diff(String from, String to) {
        return git("diff", "--binary", "--no-color", "--no-ext-diff", from, to);
    }

    /** Puts the work tree back to exactly the commit: tracked files restored, untracked files removed. */
    public void resetTo(String commit) {
        git("checkout", "--force", "--detach", commit);
        git("clean", "-ffdxq");
    }

    /**
     * Like {@link #resetTo} when this git directory has {@code commit}, in the same two git processes; false, with
     * nothing changed, when it does not.
     */
    boolean tryResetTo(String commit) {
        if (tryGit(null, "checkout", "--quiet", "--force", "--detach", commit + "^{commit}")
                        .exitCode()
                != 0) {
            return false;
        }
        git("clean", "-ffdxq");
        return true;
    }

    public void pointBranch(String branch, String commit) {
        git("update-ref", "refs/heads/" + branch, commit);
    }

    public void push(String url, String branch, Duration timeout) {
        push(url, branch, timeout, Map.of());
    }

    /** Pushes with extra environment for git (the remote's pinned address, see {@link RemoteRepo#gitEnv()}). */
    public void push(String url, String branch, Duration timeout, Map<String, String> env) {
        push(url, branch, timeout, env, List.of(), false);
    }

    /**
     * Pushes with extra environment and {@code -c} settings for git (a credential helper for the remote, see
     * {@code publish.GitCredentials}); {@code force} replaces what the branch held on the remote (a job run again
     * updates its own branch).
     */
    public void push(
            String url, String branch, Duration timeout, Map<String, String> env, List<String> config, boolean force) {
        List<String> args = new ArrayList<>();
        // after the hardening's "credential.helper=" (which empties the list), so that this helper counts
        for (String c : config) args.addAll(List.of("-c", c));
        args.addAll(Arrays.asList(withDirs("push", "--porcelain")));
        // git drops -c settings for the receiving side of a local push: name a hardened receive-pack
        if (Git.isLocal(url)) args.add("--receive-pack=" + Git.LOCAL_RECEIVE_PACK);
        args.addAll(List.of(url, (force ? "+" : "") + "refs/heads/" + branch + ":refs/heads/" + branch));
        Git.run(workTree, env, timeout, args.toArray(String[]::new));
    }
}
