package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
    }

    @LocalServerPort
    int port;

    TestApi api;

    @BeforeEach
    void login() {
        api = new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
    }

    private JsonNode run(Path origin, String verifyCommand) {
        Map<String, Object> body = new LinkedHashMap<>(Fixtures.sampleJob(origin));
        body.put("verify", Map.of("commands", List.of(verifyCommand)));
        body.put("constraints", Map.of("require_tests", false));
        String id = api.createJob(body).get("id").asString();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> List.of("succeeded", "failed")
                        .contains(api.job(id).get("status").asString()));
        return api.job(id);
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
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> List.of("succeeded", "failed")
                        .contains(api.job(id).get("status").asString()));
        JsonNode again = api.job(id);
        assertThat(again.get("status").asString()).isEqualTo("failed");
        for (JsonNode stage : again.get("stages")) {
            if (stage.get("name").asString().equals("VERIFY")) {
                assertThat(stage.get("attempts").asInt()).isEqualTo(2);
            }
        }
    }
}
