package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Proves the after-commit wake-up: the queue is polled only once an hour and db-scheduler's own immediate
 * execution is off, so a job whose stages were left to the poll would wait an hour before PLAN. Each stage
 * must instead be handed to a worker when the checkpoint that queued it commits. Each database runs it through a
 * subclass; the two-process case is {@link WakeUpAcrossProcessesPostgresTest}.
 */
abstract class WakeUpContract {
    static final String HOURLY = "1h";

    @LocalServerPort
    int port;

    @Autowired
    Environment env;

    abstract Path root();

    @Test
    void withHourlyPollingAJobStillRunsAllSixStages() throws Exception {
        assertThat(env.getProperty("db-scheduler.polling-interval")).isEqualTo(HOURLY);
        TestApi api = new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);

        runsAllSixStages(api, root().resolve("repos"));
    }

    static void pollHourly(DynamicPropertyRegistry r) {
        r.add("db-scheduler.polling-interval", () -> HOURLY);
        r.add("db-scheduler.immediate-execution-enabled", () -> "false");
    }

    /** Submits the sample job and expects all six stages done well within the hour the poll would take. */
    static void runsAllSixStages(TestApi api, Path repos) throws Exception {
        Path origin = Fixtures.bareSampleRepo(repos);
        String id = api.createJob(Fixtures.sampleJob(origin)).get("id").asString();

        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> List.of("succeeded", "failed", "cancelled", "rejected")
                        .contains(api.job(id).get("status").asString()));
        JsonNode job = api.job(id);
        assertThat(job.get("status").asString())
                .as("error: %s", job.get("error"))
                .isEqualTo("succeeded");
        List<String> stages = new ArrayList<>();
        for (JsonNode s : job.get("stages"))
            stages.add(s.get("name").asString() + ":" + s.get("status").asString());
        assertThat(stages)
                .containsExactly(
                        "PLAN:succeeded",
                        "PATCH:succeeded",
                        "VERIFY:succeeded",
                        "GATE:succeeded",
                        "DEPLOY:skipped",
                        "PUBLISH:succeeded");
    }
}
