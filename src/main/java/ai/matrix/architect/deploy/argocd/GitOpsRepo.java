package ai.matrix.architect.deploy.argocd;

import ai.matrix.architect.deploy.DeployException;
import ai.matrix.architect.workspace.Git;
import ai.matrix.architect.workspace.GitCommandException;
import ai.matrix.architect.workspace.Workspace;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A short-lived clone of the GitOps repository, through the hardened git command line PATCH uses (no hooks, no
 * configuration from the repository, the hardening carried to a local remote's side): a release's manifests go
 * in as one commit with a {@code Matrix-Release} trailer; a rollback is one revert commit.
 */
final class GitOpsRepo implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofMinutes(2);
    static final String TRAILER = "Matrix-Release: ";

    private final String url;
    private final String branch;
    private final Path dir;

    private GitOpsRepo(String url, String branch, Path dir) {
        this.url = url;
        this.branch = branch;
        this.dir = dir;
    }

    static GitOpsRepo clone(String url, String branch) throws DeployException {
        try {
            Path dir = Files.createTempDirectory("gitops-");
            Git.run(
                    null,
                    Map.of(),
                    TIMEOUT,
                    "clone",
                    "--quiet",
                    "--no-tags",
                    "--single-branch",
                    "--branch",
                    branch,
                    Git.packOption(url, false),
                    "--",
                    url,
                    dir.toString());
            return new GitOpsRepo(url, branch, dir);
        } catch (IOException | GitCommandException e) {
            throw new DeployException("the GitOps repository cannot be cloned: " + e.getMessage(), e);
        }
    }

    String git(String... args) throws DeployException {
        try {
            return Git.run(
                            dir,
                            Map.of(
                                    "GIT_AUTHOR_NAME",
                                    Workspace.AUTHOR_NAME,
                                    "GIT_AUTHOR_EMAIL",
                                    Workspace.AUTHOR_EMAIL,
                                    "GIT_COMMITTER_NAME",
                                    Workspace.AUTHOR_NAME,
                                    "GIT_COMMITTER_EMAIL",
                                    Workspace.AUTHOR_EMAIL),
                            TIMEOUT,
                            args)
                    .strip();
        } catch (GitCommandException e) {
            throw new DeployException("the GitOps repository: " + e.getMessage(), e);
        }
    }

    String head() throws DeployException {
        return git("rev-parse", "HEAD");
    }

    /** The commits (newest first) whose message carries the release's trailer. */
    List<String> commitsOf(String releaseId) throws DeployException {
        String out = git("log", "--format=%H", "--fixed-strings", "--grep=" + TRAILER + releaseId);
        return out.isEmpty() ? List.of() : out.lines().toList();
    }

    /** Replaces {@code path} in the repository with {@code source} (a file or a directory's files). */
    void replace(String path, Path source) throws DeployException {
        Path target = dir.resolve(path).normalize();
        if (!target.startsWith(dir) || target.equals(dir) || target.startsWith(dir.resolve(".git"))) {
            throw new DeployException("the GitOps path '" + path + "' leaves the repository");
        }
        try {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) delete(target);
            if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(target);
                try (Stream<Path> files = Files.list(source)) {
                    for (Path f : files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                            .toList()) {
                        Files.copy(f, target.resolve(f.getFileName()));
                    }
                }
            } else {
                Files.createDirectories(target.getParent());
                Files.copy(source, target);
            }
        } catch (IOException e) {
            throw new DeployException("the GitOps path '" + path + "' cannot be written: " + e.getMessage(), e);
        }
    }

    /** Commits everything with the message; false when nothing changed. */
    boolean commit(String message) throws DeployException {
        git("add", "--all");
        if (git("status", "--porcelain").isEmpty()) return false;
        git("commit", "--quiet", "--no-verify", "-m", message);
        return true;
    }

    void push() throws DeployException {
        git("push", "--quiet", Git.packOption(url, true), "origin", "HEAD:refs/heads/" + branch);
    }

    /** The text of the files under {@code path} at HEAD, for the release's record. */
    String read(String path) throws DeployException {
        try {
            Path p = dir.resolve(path).normalize();
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) return Files.readString(p);
            StringBuilder all = new StringBuilder();
            try (Stream<Path> files = Files.list(p)) {
                for (Path f : files.sorted().toList())
                    all.append(Files.readString(f)).append("\n---\n");
            }
            return all.toString();
        } catch (IOException e) {
            throw new DeployException("the GitOps path '" + path + "' cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            delete(dir);
        } catch (IOException e) {
            // a temporary clone left behind is harmless; the next deploy clones afresh
        }
    }

    private static void delete(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
