package ai.matrix.architect.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.matrix.architect.ecosystem.Check;
import ai.matrix.architect.ecosystem.CheckKind;
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

class CheckPlannerTest {
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
    void mavenRunsTheGoalsItsCiRunsWithoutCleanAndWithInstallAsVerify() throws Exception {
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        Files.createDirectories(dir.resolve(".github/workflows"));
        Files.writeString(dir.resolve(".github/workflows/ci.yml"), """
                jobs:
                  package:
                    steps:
                      - run: mvn -B -DskipTests package
                  test:
                    steps:
                      - name: Test
                        run: mvn -B -ntp -pl core -P ci clean install
                """);
        CheckPlanner.Planned p = CheckPlanner.plan(job(null), dir, RepoConfig.none());
        Check fetch = p.checks().stream()
                .filter(c -> c.name().equals("maven-fetch"))
                .findFirst()
                .orElseThrow();
        Check test = p.checks().stream()
                .filter(c -> c.name().equals("maven-test"))
                .findFirst()
                .orElseThrow();
        assertThat(test.command()).endsWith(" -o -pl core -P ci verify").doesNotContain("clean");
        // the fetch builds the same phases with every test filtered out, so their plugins are resolved
        assertThat(fetch.command())
                .contains(" -pl core -P ci verify ")
                .contains("-Dtest=*#")
                .contains("-Dit.test=*#")
                .doesNotContain(" -o ");
        assertThat(p.source())
                .contains("maven runs what the CI runs: -pl core -P ci verify (the goals the CI runs: ci.yml job test");
    }

    @Test
    void mavenWithoutACiTestStepRunsTest() throws Exception {
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        CheckPlanner.Planned p = CheckPlanner.plan(job(null), dir, RepoConfig.none());
        assertThat(p.checks())
                .filteredOn(c -> c.name().equals("maven-test"))
                .extracting(Check::command)
                .singleElement()
                .asString()
                .endsWith(" -o test");
        assertThat(p.source()).doesNotContain("what the CI runs");
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
        assertThat(p.checks().get(1).kind()).isEqualTo(CheckKind.BUILD);
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

    /** Reads a config from text through the file path, as VERIFY does. */
    static final class RepoConfigs {
        static RepoConfig parse(String text) throws Exception {
            Path d = Files.createTempDirectory("cfg");
            Files.writeString(d.resolve(RepoConfig.FILE), text);
            return RepoConfig.read(d, JsonMapper.builder().build());
        }
    }
}
