package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The whole pipeline through HTTP only, against a real bare git repository, a real sandbox and a real test
 * suite. Each database (H2, PostgreSQL) runs it through a subclass.
 */
abstract class PipelineEndToEndContract {
    @LocalServerPort
    int port;

    TestApi api;

    abstract Path root();

    @BeforeEach
    void login() {
        api = new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
    }

    Path repos() {
        return root().resolve("repos");
    }

    JsonNode awaitFinal(String id) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    String s = api.job(id).get("status").asString();
                    return List.of("succeeded", "failed", "cancelled", "rejected")
                            .contains(s);
                });
        return api.job(id);
    }

    static List<String> stageStatuses(JsonNode job) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : job.get("stages"))
            out.add(s.get("name").asString() + ":" + s.get("status").asString());
        return out;
    }

    @Test
    void aPlannedChangeIsVerifiedAndPushedToTheJobBranch() throws Exception {
        Path origin = Fixtures.bareSampleRepo(repos());
        String mainBefore = Fixtures.git(origin, "rev-parse", "main").strip();

        JsonNode created = api.createJob(Fixtures.sampleJob(origin));
        String id = created.get("id").asString();
        assertThat(id).startsWith("job_");
        assertThat(created.get("status").asString()).isIn("queued", "running");

        JsonNode job = awaitFinal(id);
        assertThat(job.get("status").asString())
                .as("job error: %s", job.get("error"))
                .isEqualTo("succeeded");
        assertThat(stageStatuses(job))
                .containsExactly(
                        "PLAN:succeeded",
                        "PATCH:succeeded",
                        "VERIFY:succeeded",
                        "GATE:succeeded",
                        "DEPLOY:skipped",
                        "PUBLISH:succeeded");
        assertThat(job.get("stages").get(4).get("summary").asString()).isEqualTo("no deploy target");
        assertThat(job.get("base_commit").asString()).isEqualTo(mainBefore);
        assertThat(job.get("branch").asString()).isEqualTo("architect/" + id);

        JsonNode tests = job.get("evidence").get("tests");
        assertThat(tests.get("passed").asInt()).isEqualTo(4);
        assertThat(tests.get("failed").asInt()).isZero();
        assertThat(tests.get("skipped").asInt()).isZero();

        // the origin has the job branch with both changes, and main is untouched
        String pushed = Fixtures.git(origin, "rev-parse", "architect/" + id).strip();
        assertThat(pushed).isEqualTo(job.get("result_commit").asString());
        assertThat(Fixtures.git(origin, "show", pushed + ":calc.py")).contains("def mul(a, b):");
        assertThat(Fixtures.git(origin, "show", pushed + ":tests/test_mul.py")).contains("test_mul_by_zero");
        assertThat(Fixtures.git(origin, "log", "-1", "--format=%an", pushed).strip())
                .isEqualTo("Matrix Architect");
        assertThat(Fixtures.git(origin, "rev-parse", "main").strip()).isEqualTo(mainBefore);

        JsonNode artifacts = api.get("/api/artifacts/" + id).json().get("items");
        List<String> names = new ArrayList<>();
        artifacts.forEach(a -> names.add(a.get("name").asString()));
        assertThat(names).contains("patch.diff", "verify.log", "plan.json", "test-report.json");

        TestApi.Response diff = api.get("/api/artifacts/" + id + "/patch.diff");
        assertThat(diff.status()).isEqualTo(200);
        assertThat(diff.body()).contains("+def mul(a, b):").contains("tests/test_mul.py");
        TestApi.Response verifyLog = api.get("/api/artifacts/" + id + "/verify.log");
        assertThat(verifyLog.body()).contains("$ python3 run_tests.py").contains("test_mul_by_zero");

        TestApi.Response logs = api.get("/api/jobs/" + id + "/logs?stage=VERIFY");
        assertThat(logs.status()).isEqualTo(200);
        assertThat(logs.body()).contains("VERIFY").contains("Ran 4 tests");

        TestApi.Response traversal = api.get("/api/artifacts/" + id + "/..%2F..%2Fetc%2Fpasswd");
        assertThat(traversal.status()).isIn(400, 404);
        assertThat(traversal.body()).doesNotContain("root:");
        assertThat(api.get("/api/artifacts/" + id + "/.hidden").status()).isEqualTo(404);
        assertThat(api.get("/api/artifacts/" + id + "/nope.txt").status()).isEqualTo(404);
    }

    @Test
    void aJobWhoseTestsFailEndsFailedAtVerifyAndPushesNothing() throws Exception {
        Path origin = Fixtures.bareSampleRepo(repos());
        String id = api.createJob(Fixtures.failingJob(origin)).get("id").asString();

        JsonNode job = awaitFinal(id);
        assertThat(job.get("status").asString()).isEqualTo("failed");
        assertThat(job.get("stage").asString()).isEqualTo("VERIFY");
        assertThat(stageStatuses(job))
                .containsExactly(
                        "PLAN:succeeded",
                        "PATCH:succeeded",
                        "VERIFY:failed",
                        "GATE:skipped",
                        "DEPLOY:skipped",
                        "PUBLISH:skipped");
        assertThat(job.get("error").asString()).contains("python3 run_tests.py").contains("exit code 1");
        JsonNode tests = job.get("evidence").get("tests");
        assertThat(tests.get("failed").asInt()).isEqualTo(1);
        assertThat(tests.get("passed").asInt()).isEqualTo(2);

        String report = api.get("/api/artifacts/" + id + "/test-report.json").body();
        assertThat(report).contains("test_add_is_wrong").contains("two and two should be five");

        String branches = Fixtures.git(origin, "branch", "--list", "architect/*");
        assertThat(branches).isBlank();
        assertThat(Files.exists(origin)).isTrue();
    }
}
