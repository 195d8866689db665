package ai.matrix.architect.e2e;

import ai.matrix.architect.cli.SampleRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Real git repositories and job requests for the end-to-end tests. */
public final class Fixtures {
    private Fixtures() {}

    /** A bare repository (the "origin") holding the sample Python project on branch main. */
    public static Path bareSampleRepo(Path dir) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(dir, "work");
        SampleRepository.create(work);
        Path bare = dir.resolve("origin-" + System.nanoTime() + ".git");
        run(dir, "git", "clone", "--quiet", "--bare", work.toString(), bare.toString());
        return bare;
    }

    public static String git(Path repo, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "--git-dir=" + repo));
        cmd.addAll(List.of(args));
        return run(repo, cmd.toArray(String[]::new));
    }

    static String run(Path cwd, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out);
        return out;
    }

    /** The demo's plan (a unified diff and a create op) against a git file:// URL, with a verify command. */
    public static Map<String, Object> sampleJob(Path bare, String verifyCommand, String priority) {
        Map<String, Object> body = new LinkedHashMap<>(SampleRepository.jobRequest(bare));
        body.put("repo", Map.of("kind", "git", "url", bare.toUri().toString(), "ref", "main"));
        body.put("priority", priority);
        body.put("verify", Map.of("commands", List.of(verifyCommand)));
        return body;
    }

    public static Map<String, Object> sampleJob(Path bare) {
        return sampleJob(bare, SampleRepository.VERIFY_COMMAND, "normal");
    }

    /** A plan that adds a failing test next to the passing ones. */
    public static Map<String, Object> failingJob(Path bare) {
        Map<String, Object> body = new LinkedHashMap<>(sampleJob(bare));
        body.put("goal", "Add a test that fails");
        body.put(
                "plan",
                Map.of(
                        "steps",
                        List.of(Map.of(
                                "id",
                                "s1",
                                "ops",
                                List.of(Map.of("op", "create", "path", "tests/test_broken.py", "content", """
                        import unittest

                        from calc import add


                        class BrokenTest(unittest.TestCase):
                            def test_add_is_wrong(self):
                                self.assertEqual(add(2, 2), 5, "two and two should be five")
                        """))))));
        return body;
    }

    /** A repository holding these files on main, in a new directory under {@code reposDir} (the allowed root). */
    public static Path repo(Path reposDir, String name, Map<String, String> files)
            throws IOException, InterruptedException {
        Path work = Files.createDirectories(reposDir.resolve(name + "-" + System.nanoTime()));
        ai.matrix.architect.workspace.TestGit.git(work, "init", "--quiet");
        commit(work, files);
        return work;
    }

    /** Adds a branch of {@code work} holding only these files (main stays checked out). */
    public static void branch(Path work, String branch, Map<String, String> files)
            throws IOException, InterruptedException {
        ai.matrix.architect.workspace.TestGit.git(work, "checkout", "--quiet", "--orphan", branch);
        ai.matrix.architect.workspace.TestGit.git(work, "rm", "-r", "--quiet", "-f", ".");
        commit(work, files);
        ai.matrix.architect.workspace.TestGit.git(work, "checkout", "--quiet", "main");
    }

    private static void commit(Path work, Map<String, String> files) throws IOException, InterruptedException {
        for (var f : files.entrySet()) {
            Path p = work.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        ai.matrix.architect.workspace.TestGit.git(work, "add", "-A");
        ai.matrix.architect.workspace.TestGit.git(work, "commit", "--quiet", "-m", "fixture");
    }

    /** A job whose plan replaces one file of {@code repo}'s main with {@code content}; VERIFY left to detection. */
    public static Map<String, Object> changeJob(Path repo, String path, String content) {
        return changeJob(repo, "main", path, content);
    }

    /** The same on branch {@code ref}. */
    public static Map<String, Object> changeJob(Path repo, String ref, String path, String content) {
        return fileJob(repo, ref, "update", path, content);
    }

    /** A job whose plan adds one new file to {@code repo}'s main. */
    public static Map<String, Object> addFileJob(Path repo, String path, String content) {
        return fileJob(repo, "main", "create", path, content);
    }

    private static Map<String, Object> fileJob(Path repo, String ref, String op, String path, String content) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("repo", Map.of("kind", "git", "url", repo.toUri().toString(), "ref", ref));
        body.put("goal", (op.equals("create") ? "Add " : "Change ") + path);
        body.put("auto_execute", true);
        body.put(
                "plan",
                Map.of(
                        "steps",
                        List.of(Map.of(
                                "id", "s1", "ops", List.of(Map.of("op", op, "path", path, "content", content))))));
        return body;
    }
}
