package ai.matrix.architect.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.job.JobStatus;
import ai.matrix.architect.job.Priority;
import ai.matrix.architect.plan.RepoConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class ProfilesTest {
    @TempDir
    Path dir;

    private static Job job(JobRequest.Verify verify) {
        JobRequest spec = new JobRequest(null, "goal", null, null, null, verify, null, null, null, null);
        return new Job(
                "job_1",
                JobStatus.RUNNING,
                null,
                Priority.NORMAL,
                "default",
                "repo",
                spec,
                null,
                null,
                null,
                "admin",
                Instant.now(),
                null,
                null,
                null,
                null,
                null,
                null,
                false,
                List.of());
    }

    @Test
    void detectsEveryEcosystemAtTheRootInAFixedOrder() throws Exception {
        for (String f : List.of("go.mod", "package.json", "pom.xml", "requirements.txt", "Cargo.toml", "Makefile")) {
            Files.writeString(dir.resolve(f), "{}");
        }
        assertThat(Profiles.detect(dir)).containsExactly("maven", "npm", "python", "go", "cargo");
        Files.delete(dir.resolve("go.mod"));
        assertThat(Profiles.checks("npm", dir)).extracting(Check::name).containsExactly("npm-test");
        assertThat(Profiles.checks("python", dir))
                .extracting(Check::name)
                .containsExactly("python-fetch", "python-test");
        assertThat(Profiles.checks("maven", dir).get(0).fetch()).isTrue();
        assertThat(Profiles.checks("maven", dir).get(1).command()).contains(" -o verify");
    }

    @Test
    void aMissingToolchainMakesTheCheckUnavailableWithTheReason() {
        assertThat(Profiles.tool("sh")).isTrue();
        if (!Profiles.tool("go")) {
            assertThat(Profiles.checks("go", dir).get(1).unavailable()).contains("go is not installed on this worker");
        }
    }

    @Test
    void theRepoFileOverridesRemovesAndAddsChecksAndTheRequestWins() throws Exception {
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        RepoConfig config = RepoConfigs.parse("""
                verify:
                  env: {A: "1"}
                  timeout: 10m
                  checks:
                    maven-fetch:
                      enabled: false
                    maven-test:
                      command: mvn -o test
                      env: {B: "2"}
                    docs:
                      command: make docs
                      kind: build
                      timeout: 30s
                """);
        CheckPlanner.Planned p = CheckPlanner.plan(job(null), dir, config);
        assertThat(p.checks()).extracting(Check::name).containsExactly("maven-test", "docs");
        Check test = p.checks().get(0);
        assertThat(test.command()).isEqualTo("mvn -o test");
        assertThat(test.env()).containsEntry("A", "1").containsEntry("B", "2").containsKey("MAVEN_OPTS");
        assertThat(test.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.checks().get(1).kind()).isEqualTo("build");
        assertThat(p.checks().get(1).timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.source()).contains("auto-detected profile(s) [maven]");

        CheckPlanner.Planned fromRequest =
                CheckPlanner.plan(job(new JobRequest.Verify(List.of("make check"), null)), dir, config);
        assertThat(fromRequest.checks()).extracting(Check::command).containsExactly("make check");
        // profile none: no profile checks; only the file's own checks with a command remain
        assertThat(CheckPlanner.plan(job(new JobRequest.Verify(null, "none")), dir, config)
                        .checks())
                .extracting(Check::profile)
                .containsOnly("custom");
        assertThat(CheckPlanner.plan(job(new JobRequest.Verify(null, "none")), dir, RepoConfig.none())
                        .checks())
                .isEmpty();

        RepoConfig unknown = RepoConfigs.parse("verify:\n  checks:\n    lint:\n      timeout: 5m\n");
        assertThatThrownBy(() -> CheckPlanner.plan(job(null), dir, unknown))
                .hasMessageContaining(
                        "verify.checks.lint is no check of the detected profiles [maven] and has no command");
    }

    @Test
    void goTestJsonAndCargoOutputBecomeTheSameResultModel() throws Exception {
        Path go = dir.resolve("go-test.jsonl");
        Files.writeString(go, """
                {"Action":"run","Package":"example.com/calc","Test":"TestAdd"}
                {"Action":"pass","Package":"example.com/calc","Test":"TestAdd","Elapsed":0.01}
                {"Action":"run","Package":"example.com/calc","Test":"TestWrong"}
                {"Action":"output","Package":"example.com/calc","Test":"TestWrong","Output":"=== RUN   TestWrong\\n"}
                {"Action":"output","Package":"example.com/calc","Test":"TestWrong","Output":"    calc_test.go:12: two and two make five\\n"}
                {"Action":"fail","Package":"example.com/calc","Test":"TestWrong","Elapsed":0}
                {"Action":"skip","Package":"example.com/calc","Test":"TestLater","Elapsed":0}
                {"Action":"fail","Package":"example.com/calc","Elapsed":0.02}
                """);
        TestReport r = ToolReports.merge(ToolReports.goTestJson(go, dir));
        assertThat(List.of(r.passed(), r.failed(), r.skipped())).containsExactly(1, 1, 1);
        TestReport.Case wrong = r.suites().get(0).cases().get(1);
        assertThat(wrong.message()).isEqualTo("two and two make five");
        assertThat(wrong.file()).isEqualTo("calc_test.go:12");

        String cargo = """
                running 3 tests
                test tests::adds ... ok
                test tests::later ... ignored
                test tests::wrong ... FAILED

                failures:

                ---- tests::wrong stdout ----
                thread 'tests::wrong' panicked at src/lib.rs:14:9:
                two and two make five
                """;
        TestReport c = ToolReports.merge(ToolReports.cargoLog(cargo, "cargo-test"));
        assertThat(List.of(c.passed(), c.failed(), c.skipped())).containsExactly(1, 1, 1);
        assertThat(c.suites().get(0).cases().get(2).message()).isEqualTo("two and two make five at src/lib.rs:14:9:");
    }

    /** Reads a config from text through the file path, as VERIFY does. */
    static final class RepoConfigs {
        static RepoConfig parse(String text) throws Exception {
            Path d = Files.createTempDirectory("cfg");
            Files.writeString(d.resolve(RepoConfig.FILE), text);
            return RepoConfig.read(d, JsonMapper.builder().build());
        }
    }
}
