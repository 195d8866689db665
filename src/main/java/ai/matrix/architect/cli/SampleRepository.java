package ai.matrix.architect.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A small Python project with a real unittest suite that writes JUnit XML, made as a git repository, and the
 * plan the demo applies to it (a unified diff and a new test file).
 */
public final class SampleRepository {
    public static final String VERIFY_COMMAND = "python3 run_tests.py";

    private SampleRepository() {}

    public static final String CALC = """
            def add(a, b):
                return a + b


            def sub(a, b):
                return a - b
            """;

    public static final String TEST_CALC = """
            import unittest

            from calc import add, sub


            class CalcTest(unittest.TestCase):
                def test_add(self):
                    self.assertEqual(add(2, 3), 5)

                def test_sub(self):
                    self.assertEqual(sub(5, 3), 2)
            """;

    /** Adds {@code mul} to calc.py. */
    public static final String MUL_DIFF = """
            diff --git a/calc.py b/calc.py
            --- a/calc.py
            +++ b/calc.py
            @@ -4,3 +4,7 @@ def add(a, b):
            \s
             def sub(a, b):
                 return a - b
            +
            +
            +def mul(a, b):
            +    return a * b
            """;

    public static final String TEST_MUL = """
            import unittest

            from calc import mul


            class MulTest(unittest.TestCase):
                def test_mul(self):
                    self.assertEqual(mul(4, 5), 20)

                def test_mul_by_zero(self):
                    self.assertEqual(mul(7, 0), 0)
            """;

    /** Creates the repository (a normal one with a work tree, branch main) in an empty or missing directory. */
    public static Path create(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("tests"));
        Files.writeString(dir.resolve("calc.py"), CALC);
        Files.writeString(dir.resolve("tests/__init__.py"), "");
        Files.writeString(dir.resolve("tests/test_calc.py"), TEST_CALC);
        Files.writeString(dir.resolve(".gitignore"), "reports/\n__pycache__/\n");
        try (InputStream in = SampleRepository.class.getResourceAsStream("/sample/run_tests.py")) {
            Files.write(dir.resolve("run_tests.py"), in.readAllBytes());
        }
        git(dir, "init", "--quiet", "--initial-branch=main");
        git(dir, "add", "-A");
        git(dir, "commit", "--quiet", "-m", "Calculator with tests");
        return dir;
    }

    static void git(Path dir, String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                "git", "-c", "user.name=Demo", "-c", "user.email=demo@example.invalid", "-c", "commit.gpgsign=false"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(Duration.ofMinutes(1).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    || p.exitValue() != 0) {
                throw new IOException("git " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The body of POST /api/jobs that the demo submits. */
    public static Map<String, Object> jobRequest(Path repo) {
        return Map.of(
                "repo",
                Map.of("kind", "local", "path", repo.toString(), "ref", "main"),
                "goal",
                "Add multiplication to the calculator, with tests",
                "priority",
                "normal",
                "plan",
                Map.of(
                        "summary",
                        "Add mul() and test it",
                        "steps",
                        List.of(Map.of(
                                "id", "s1",
                                "title", "Add mul() and its tests",
                                "rationale", "Multiplication was missing",
                                "ops",
                                        List.of(
                                                Map.of("op", "patch", "diff", MUL_DIFF),
                                                Map.of(
                                                        "op",
                                                        "create",
                                                        "path",
                                                        "tests/test_mul.py",
                                                        "content",
                                                        TEST_MUL)),
                                "verify", List.of(VERIFY_COMMAND)))),
                "auto_execute",
                true);
    }
}
