package ai.matrix.architect.verify.truth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.matrix.architect.ecosystem.JUnitReports;
import ai.matrix.architect.ecosystem.TestReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReporterFlagsTest {
    @TempDir
    Path repo;

    private final Path reports = Path.of("/tmp/reports");

    private void write(String path, String text) throws IOException {
        Path f = repo.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    @Test
    void pytestGetsJunitxmlAlsoThroughPythonDashM() {
        ReporterFlags.Result r = ReporterFlags.add("python -m pytest --doctest-modules", repo, reports);
        assertThat(r.command()).isEqualTo("python -m pytest --doctest-modules --junitxml=/tmp/reports/pytest.xml");
        assertThat(r.report()).contains(reports.resolve("pytest.xml"));
        assertThat(r.changed()).isTrue();
        assertThat(ReporterFlags.add("pytest -ra", repo, reports).command())
                .endsWith("--junitxml=/tmp/reports/pytest.xml");
        assertThat(ReporterFlags.add("pytest --junitxml=out.xml", repo, reports).changed())
                .isFalse();
    }

    @Test
    void scriptsAndToxAreLeftAloneAndSaySo() {
        for (String command : List.of("npm test", "make test", "make check", "tox -e py", "./mvnw test")) {
            ReporterFlags.Result r = ReporterFlags.add(command, repo, reports);
            assertThat(r.command()).isEqualTo(command);
            assertThat(r.changed()).isFalse();
            assertThat(r.note()).startsWith("unchanged: the runner is reached through a script");
        }
        assertThat(ReporterFlags.add("./run-tests.sh", repo, reports).note())
                .isEqualTo("unchanged: no runner with a report flag was recognised");
    }

    @Test
    void nodeTestRunnerKeepsSpecOnStdoutAndWritesJunit() {
        ReporterFlags.Result r = ReporterFlags.add("node --test test/", repo, reports);
        assertThat(r.command())
                .isEqualTo("node --test-reporter=spec --test-reporter-destination=stdout --test-reporter=junit"
                        + " --test-reporter-destination=/tmp/reports/node-test.xml --test test/");
        assertThat(r.report()).contains(reports.resolve("node-test.xml"));
    }

    @Test
    void mochaGetsXunitOnlyWhenNoReporterIsConfigured() throws IOException {
        ReporterFlags.Result plain = ReporterFlags.add("npx mocha 'test/**/*.js'", repo, reports);
        assertThat(plain.command()).endsWith("--reporter xunit --reporter-option output=/tmp/reports/mocha.xml");
        write(".mocharc.yml", "spec: test/**/*.spec.js\nreporter: dot\n");
        ReporterFlags.Result configured = ReporterFlags.add("npx mocha", repo, reports);
        assertThat(configured.command()).isEqualTo("npx mocha");
        assertThat(configured.note()).contains(".mocharc");
    }

    @Test
    void mochaReporterInPackageJsonCounts() throws IOException {
        write("package.json", "{\"mocha\": {\"spec\": \"t\", \"reporter\": \"min\"}}");
        assertThat(ReporterFlags.mochaReporterConfigured(repo)).isTrue();
    }

    @Test
    void jestOnlyWithJestJunitInstalled() throws IOException {
        ReporterFlags.Result without = ReporterFlags.add("npx jest", repo, reports);
        assertThat(without.command()).isEqualTo("npx jest");
        assertThat(without.note()).contains("jest-junit is not in node_modules");
        write("node_modules/jest-junit/package.json", "{\"name\":\"jest-junit\"}");
        ReporterFlags.Result with = ReporterFlags.add("npx jest", repo, reports);
        assertThat(with.command()).isEqualTo("npx jest --ci --reporters=default --reporters=jest-junit");
        assertThat(with.env())
                .isEqualTo(Map.of("JEST_JUNIT_OUTPUT_DIR", "/tmp/reports", "JEST_JUNIT_OUTPUT_NAME", "jest.xml"));
        assertThat(with.report()).contains(reports.resolve("jest.xml"));
    }

    @Test
    void goGetsJsonAndCtestGetsOutputJunitInItsSegment() {
        assertThat(ReporterFlags.add("go test ./...", repo, reports).command()).isEqualTo("go test -json ./...");
        ReporterFlags.Result c = ReporterFlags.add(
                "cmake -S . -B b && cmake --build b && ctest --test-dir b --output-on-failure", repo, reports);
        assertThat(c.command())
                .isEqualTo("cmake -S . -B b && cmake --build b && ctest --test-dir b --output-on-failure"
                        + " --output-junit /tmp/reports/ctest.xml");
    }

    @Test
    void pathsWithSpacesAreQuoted() {
        ReporterFlags.Result r = ReporterFlags.add("pytest", repo, Path.of("/tmp/my reports"));
        assertThat(r.command()).isEqualTo("pytest --junitxml='/tmp/my reports/pytest.xml'");
    }

    @Test
    void realPytestWritesTheReportTheFlagAsksFor() throws Exception {
        assumeTrue(run(repo, "python3 -m pytest --version") == 0, "pytest is installed");
        write("calc.py", "def add(a, b):\n    \"\"\"\n    >>> add(1, 2)\n    3\n    \"\"\"\n    return a + b\n");
        write("test_calc.py", "from calc import add\n\ndef test_add():\n    assert add(2, 2) == 4\n");
        write("pyproject.toml", "[tool.pytest.ini_options]\naddopts = \"--doctest-modules\"\n");
        Path out = Files.createDirectories(repo.resolve("reports"));
        Instant start = Instant.now();
        DeclaredTestCommand declared = DeclaredTestCommand.find(repo).orElseThrow();
        String command = ReporterFlags.add(declared.command().replace("python ", "python3 "), repo, out)
                .command();
        assertThat(run(repo, command + " -p no:cacheprovider")).isZero();
        TestReport report = JUnitReports.collect(out, start);
        assertThat(report.passed()).as("the test and the doctest").isEqualTo(2);
    }

    @Test
    void realNodeTestRunnerWritesJunit() throws Exception {
        assumeTrue(run(repo, "node --version") == 0, "node is installed");
        write("test/math.test.mjs", """
                import { test } from 'node:test';
                import assert from 'node:assert';
                test('adds', () => assert.strictEqual(1 + 1, 2));
                test('breaks', () => assert.strictEqual(1 + 1, 3));
                test('later', { skip: true }, () => {});
                """);
        Path out = Files.createDirectories(repo.resolve("reports"));
        Instant start = Instant.now();
        ReporterFlags.Result r = ReporterFlags.add("node --test test/", repo, out);
        assertThat(run(repo, r.command())).isNotZero();
        TestReport report = JUnitReports.collect(out, start);
        assertThat(List.of(report.passed(), report.failed(), report.skipped())).containsExactly(1, 1, 1);
    }

    @Test
    void realCtestSuiteFoundAndReported() throws Exception {
        assumeTrue(run(repo, "cmake --version && ctest --version && cc --version") == 0, "cmake and a C compiler");
        write("CMakeLists.txt", """
                cmake_minimum_required(VERSION 3.21)
                project(tiny C)
                enable_testing()
                add_executable(t_ok t_ok.c)
                add_executable(t_bad t_bad.c)
                add_test(NAME ok COMMAND t_ok)
                add_test(NAME bad COMMAND t_bad)
                """);
        write("t_ok.c", "int main(void) { return 0; }\n");
        write("t_bad.c", "int main(void) { return 1; }\n");
        write("Makefile", "test:\n\techo demo\n");
        Path out = Files.createDirectories(repo.resolve("reports"));
        Instant start = Instant.now();
        DeclaredTestCommand declared = DeclaredTestCommand.find(repo).orElseThrow();
        assertThat(declared.ecosystem()).isEqualTo("cmake");
        ReporterFlags.Result r = ReporterFlags.add(declared.command(), repo, out);
        assertThat(run(repo, r.command())).isNotZero();
        TestReport report = JUnitReports.collect(out, start);
        assertThat(List.of(report.passed(), report.failed())).containsExactly(1, 1);
    }

    private static int run(Path dir, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
