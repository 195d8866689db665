package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** VERIFY on what real projects do (issue 12): builds that ask git, failures that say why. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VerifyTruthH2Test {
    static final Path ROOT = ServerTestSupport.tempDir("architect-verify-truth");

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.common(r, ROOT);
        // these tests are about what VERIFY runs and counts; some of their commands fail whatever the commit, which
        // the baseline would find already failing on the base commit (VerifyBaselineH2Test covers that)
        r.add("architect.verify.baseline", () -> "off");
    }

    @LocalServerPort
    int port;

    TestApi api;

    @BeforeEach
    void login() {
        api = new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
    }

    private JsonNode run(Path origin, String verifyCommand) {
        return run(origin, verifyCommand, false);
    }

    private JsonNode run(Path origin, String verifyCommand, boolean requireTests) {
        Map<String, Object> body = new LinkedHashMap<>(Fixtures.sampleJob(origin));
        body.put("verify", Map.of("commands", List.of(verifyCommand)));
        body.put("constraints", Map.of("require_tests", requireTests));
        String id = api.createJob(body).get("id").asString();
        return api.awaitSucceededOrFailed(id, Duration.ofSeconds(120));
    }

    @Test
    void checksSeeAWorkingGitAtTheResultCommitWithTheProjectsTags() throws Exception {
        Path origin = Fixtures.bareSampleRepo(ROOT.resolve("repos"));
        Fixtures.git(origin, "tag", "v3.1.0", "main");
        JsonNode done = run(
                origin,
                "test \"$(git describe --tags)\" = \"v3.1.0-1-g$(git rev-parse --short=7 HEAD)\""
                        + " && test -z \"$(git status --porcelain)\" && git log -1 --format=%an | grep -q Architect");
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("succeeded");
        String branch = "architect/" + done.get("id").asString();
        assertThat(Fixtures.git(origin, "rev-parse", branch).strip())
                .isEqualTo(done.get("result_commit").asString());
    }

    @Test
    void aFailedCheckSaysWhyInTheJobsError() throws Exception {
        Path origin = Fixtures.bareSampleRepo(ROOT.resolve("repos"));
        JsonNode failed = run(
                origin,
                "echo building; echo 'fatal error: calc.h: No such file or directory' >&2;"
                        + " for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo step $i; done; exit 1");
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("error").asString())
                .contains("exit code 1", "fatal error: calc.h: No such file or directory", "step 12")
                .doesNotContain("step 1\n");
        for (JsonNode stage : failed.get("stages")) {
            if (List.of("GATE", "DEPLOY", "PUBLISH").contains(stage.get("name").asString())) {
                assertThat(stage.get("status").asString()).isEqualTo("skipped");
                assertThat(stage.get("summary").asString()).isEqualTo("an earlier stage failed");
            }
        }

        // a retry runs VERIFY again and every stage after it: the skipped ones had never started
        assertThat(api.post("/api/jobs/" + failed.get("id").asString() + "/retry", Map.of())
                        .status())
                .isEqualTo(202);
        String id = failed.get("id").asString();
        JsonNode again = api.awaitSucceededOrFailed(id, Duration.ofSeconds(120));
        assertThat(again.get("status").asString()).isEqualTo("failed");
        for (JsonNode stage : again.get("stages")) {
            if (stage.get("name").asString().equals("VERIFY")) {
                assertThat(stage.get("attempts").asInt()).isEqualTo(2);
            }
        }
    }

    private static String tests(JsonNode job) {
        JsonNode t = job.get("evidence").get("tests");
        return t.get("passed").asInt() + "/" + t.get("failed").asInt() + "/"
                + t.get("skipped").asInt();
    }

    /** Runners that write no report still count: python's unittest, run for real on the sample project. */
    @Test
    void unittestWithoutAReportIsCountedFromItsSummary() throws Exception {
        Path origin = Fixtures.bareSampleRepo(ROOT.resolve("repos"));
        JsonNode done = run(origin, "python3 -m unittest discover -s tests -v", true);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("succeeded");
        assertThat(tests(done)).isEqualTo("4/0/0"); // the sample's two tests and the two the plan adds
        String id = done.get("id").asString();
        assertThat(api.get("/api/artifacts/" + id + "/test-report.json").body())
                .contains("counted from the runner's summary");
    }

    /** mocha's default reporter, TAP and uvu, as their runners print them; a failing count fails the job. */
    @Test
    void summariesOfOtherRunnersAreCountedAndTheirFailuresFail() throws Exception {
        Path origin = Fixtures.bareSampleRepo(ROOT.resolve("repos"));
        JsonNode mocha = run(
                origin,
                "printf '\\n  calc\\n    add works\\n\\n  12 passing (9ms)\\n  2 failing\\n  1 pending\\n'; exit 1",
                true);
        assertThat(mocha.get("status").asString()).isEqualTo("failed");
        assertThat(tests(mocha)).isEqualTo("12/2/1");

        JsonNode tap =
                run(origin, "printf 'TAP version 13\\nok 1 add\\nok 2 sub # SKIP no sub\\nok 3 mul\\n1..3\\n'", true);
        assertThat(tap.get("status").asString()).as(tap.toString()).isEqualTo("succeeded");
        assertThat(tests(tap)).isEqualTo("2/0/1");

        JsonNode uvu = run(origin, "printf 'Total:     64\\nPassed:    64\\nSkipped:   0\\nDuration:  2.1ms\\n'", true);
        assertThat(uvu.get("status").asString()).as(uvu.toString()).isEqualTo("succeeded");
        assertThat(tests(uvu)).isEqualTo("64/0/0");

        JsonNode none = run(origin, "echo built", true);
        assertThat(none.get("status").asString()).isEqualTo("failed");
        assertThat(none.get("error").asString()).contains("no test ran", "--junitxml", "require_tests: false");
    }

    private static Path repo(String name, Map<String, String> files) throws Exception {
        return Fixtures.repo(ROOT.resolve("repos"), name, files);
    }

    private JsonNode change(Path repo, String path, String content) {
        String id =
                api.createJob(Fixtures.changeJob(repo, path, content)).get("id").asString();
        return api.awaitSucceededOrFailed(id, Duration.ofSeconds(180));
    }
}
