package ai.matrix.architect.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A throwaway git directory at {@code <work tree>/.git} for the commands a stage runs in the sandbox: builds
 * that ask git ({@code git describe}, setuptools-scm, npm {@code prepare} hooks, Maven's git-commit-id) find a
 * repository at the job's commit, with history {@code depth} commits deep (0: all of it) and the tags that point
 * into it.
 *
 * <p>It is a copy, made by fetching from the workspace's own git directory, which the sandbox never sees: it has
 * no hooks, no configuration of the repository's (no filters, fsmonitor, aliases) and no submodules, and nothing a
 * command writes into it reaches the server's git. It is made anew before and removed after each use, without
 * following links, so that one command cannot leave a trap for the next or for the server. The sandbox's own git
 * reads no system configuration and trusts the directory ({@code SandboxRequest.GIT_ENV}).
 */
public final class SandboxGit implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final String TEMP_REF = "refs/matrix-architect/sandbox";

    private final Path dotGit;

    private SandboxGit(Path dotGit) {
        this.dotGit = dotGit;
    }

    /**
     * Makes {@code <work tree>/.git} at the workspace's HEAD; close it before the server's git stages files. Three
     * git processes: the directory is laid out here (what {@code git init --template=} writes, as a non-bare
     * repository) and HEAD written as the detached commit, since each process costs a job milliseconds.
     */
    static SandboxGit expose(Workspace ws, int depth) {
        Path dotGit = ws.workTree().resolve(".git");
        Workspaces.deleteTree(dotGit);
        String commit = ws.head();
        Map<String, String> env = Map.of();
        SandboxGit made = new SandboxGit(dotGit);
        try {
            layOut(dotGit);
            List<String> fetch = new ArrayList<>(List.of("fetch", "--quiet", "--upload-pack=" + Git.LOCAL_UPLOAD_PACK));
            if (depth > 0) fetch.add("--depth=" + depth);
            // the workspace's HEAD is the commit; a ref (not an object id) is what upload-pack serves by default
            fetch.addAll(List.of("file://" + ws.gitDir(), "+HEAD:" + TEMP_REF));
            Git.run(ws.workTree(), env, TIMEOUT, own(dotGit, fetch.toArray(String[]::new)));
            Files.writeString(dotGit.resolve("HEAD"), commit + "\n");
            Git.run(ws.workTree(), env, TIMEOUT, own(dotGit, "update-ref", "-d", TEMP_REF));
            Files.deleteIfExists(dotGit.resolve("FETCH_HEAD"));
            // a mixed reset reads the commit's tree into the index and refreshes it against the files
            Git.run(ws.workTree(), env, TIMEOUT, own(dotGit, "--work-tree=" + ws.workTree(), "reset", "-q", commit));
            return made;
        } catch (RuntimeException | IOException e) {
            made.close();
            if (e instanceof IOException io) throw new UncheckedIOException(io);
            throw (RuntimeException) e;
        }
    }

    /** An empty repository with a work tree, as git itself lays one out (format 0, no hooks, no description). */
    private static void layOut(Path dotGit) throws IOException {
        Files.createDirectories(dotGit.resolve("objects/info"));
        Files.createDirectories(dotGit.resolve("objects/pack"));
        Files.createDirectories(dotGit.resolve("refs/heads"));
        Files.createDirectories(dotGit.resolve("refs/tags"));
        Files.writeString(dotGit.resolve("HEAD"), "ref: refs/heads/main\n");
        Files.writeString(
                dotGit.resolve("config"),
                "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n"
                        + "\tlogallrefupdates = false\n");
    }

    private static String[] own(Path dotGit, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--git-dir=" + dotGit;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    public Path path() {
        return dotGit;
    }

    /** Removes the sandbox's git directory, whatever a command made of it (a link is removed, not followed). */
    @Override
    public void close() {
        if (Files.isSymbolicLink(dotGit) || Files.isRegularFile(dotGit, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.deleteIfExists(dotGit);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        Workspaces.deleteTree(dotGit);
    }
}
