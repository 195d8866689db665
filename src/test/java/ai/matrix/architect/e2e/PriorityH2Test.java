package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** With the only worker thread busy, a high-priority job submitted after two low ones starts first. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PriorityH2Test {
    static final Path ROOT = ServerTestSupport.tempDir("architect-priority");

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.common(r, ROOT);
        r.add("db-scheduler.threads", () -> "1");
    }

    @LocalServerPort
    int port;

    @Test
    void higherPriorityJobsArePickedFirst() throws Exception {
        TestApi api = new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
        Path origin = Fixtures.bareSampleRepo(ROOT.resolve("repos"));
        String blocker = api.createJob(Fixtures.sampleJob(origin, "sleep 4 && python3 run_tests.py", "normal"))
                .get("id")
                .asString();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode verify = api.job(blocker).get("stages").get(2);
            return verify.get("status").asString().equals("running");
        });

        String low1 = api.createJob(Fixtures.sampleJob(origin, "python3 run_tests.py", "low"))
                .get("id")
                .asString();
        String low2 = api.createJob(Fixtures.sampleJob(origin, "python3 run_tests.py", "low"))
                .get("id")
                .asString();
        String high = api.createJob(Fixtures.sampleJob(origin, "python3 run_tests.py", "high"))
                .get("id")
                .asString();

        for (String id : List.of(blocker, low1, low2, high)) {
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> api.job(id).get("status").asString().equals("succeeded"));
        }
        Instant highStart = planStart(api, high);
        assertThat(highStart).isBefore(planStart(api, low1)).isBefore(planStart(api, low2));
        assertThat(api.job(high).get("finished_at").asString())
                .isLessThan(api.job(low1).get("started_at").asString());
    }

    private static Instant planStart(TestApi api, String id) {
        return Instant.parse(api.job(id).get("stages").get(0).get("started_at").asString());
    }
}
