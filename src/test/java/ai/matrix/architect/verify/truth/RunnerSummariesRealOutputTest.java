package ai.matrix.architect.verify.truth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.matrix.architect.verify.truth.RunnerSummaries.Counts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Summaries as the installed runners really print them, from projects written here. */
class RunnerSummariesRealOutputTest {
    @TempDir
    Path repo;

    private void write(String path, String text) throws IOException {
        Path f = repo.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    @Test
    void unittestWithDoctestsLoadedByLoadTestsCountsTheBrokenDoctest() throws Exception {
        assumeTrue(output("python3 --version").exit == 0, "python3 is installed");
        write("calc.py", "def add(a, b):\n    \"\"\"\n    >>> add(1, 2)\n    3\n    \"\"\"\n    return a + b + 1\n");
        write("test_calc.py", """
                import doctest
                import unittest
                import calc

                def load_tests(loader, tests, ignore):
                    tests.addTests(doctest.DocTestSuite(calc))
                    return tests

                class CalcTest(unittest.TestCase):
                    def test_type(self):
                        self.assertIsInstance(calc.add(1, 1), int)

                    @unittest.skip("not yet")
                    def test_later(self):
                        pass
                """);
        write("tox.ini", "[testenv]\ncommands = python -m unittest {posargs}\n");
        DeclaredTestCommand declared = DeclaredTestCommand.find(repo).orElseThrow();
        Run run = output(declared.command().replace("python ", "python3 "));
        assertThat(run.exit).isNotZero();
        Counts c = RunnerSummaries.parse(run.lines).orElseThrow();
        assertThat(c.runner()).isEqualTo("unittest");
        assertThat(List.of(c.passed(), c.failed(), c.skipped(), c.errors())).containsExactly(1, 1, 1, 0);
    }

    @Test
    void nodeTestRunnerTapWhenNotATerminal() throws Exception {
        assumeTrue(output("node --version").exit == 0, "node is installed");
        write("test/a.test.mjs", """
                import { describe, it } from 'node:test';
                import assert from 'node:assert';
                describe('math', () => {
                  it('adds', () => assert.strictEqual(1 + 1, 2));
                  it('breaks', () => assert.strictEqual(1 + 1, 3));
                });
                it('todo later', { todo: true }, () => {});
                """);
        Run run = output("node --test --test-reporter=tap test/");
        assertThat(run.exit).isNotZero();
        Counts c = RunnerSummaries.parse(run.lines).orElseThrow();
        assertThat(c.runner()).isEqualTo("tap");
        assertThat(c.failed()).isEqualTo(1);
        assertThat(c.passed() + c.skipped()).isEqualTo(2);
        assertThat(c.anyFailed()).isTrue();
    }

    @Test
    void pytestSummaryFromARealRun() throws Exception {
        assumeTrue(output("python3 -m pytest --version").exit == 0, "pytest is installed");
        write("test_x.py", """
                import pytest
                def test_ok(): assert True
                def test_bad(): assert 1 == 2
                @pytest.mark.skip(reason="later")
                def test_skip(): pass
                """);
        Run run = output("python3 -m pytest -p no:cacheprovider --color=yes");
        Counts c = RunnerSummaries.parse(run.lines).orElseThrow();
        assertThat(List.of(c.runner(), c.passed(), c.failed(), c.skipped())).containsExactly("pytest", 1, 1, 1);
    }

    private record Run(int exit, List<String> lines) {}

    private Run output(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", command)
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) p.destroyForcibly();
        return new Run(p.exitValue(), out.lines().toList());
    }
}
