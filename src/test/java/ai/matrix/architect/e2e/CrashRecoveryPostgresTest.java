package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Two worker processes and this test's api process share one PostgreSQL database. The worker running VERIFY is
 * killed with SIGKILL; the other worker notices the dead execution, rebuilds the workspace from PATCH's
 * checkpoint and completes the job. PLAN and PATCH ran once.
 */
// a database of its own that no other test class reuses: close the context (and its pool) when done, so that
// PostgreSQL's connection limit is not spent on idle pools of finished classes
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CrashRecoveryPostgresTest {
    static final Path ROOT = ServerTestSupport.tempDir("architect-crash");
    static final String URL = TestDatabases.createPostgres();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.apiOnPostgres(r, ROOT, URL);
    }

    @LocalServerPort
    int port;

    final List<Process> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        workers.forEach(Process::destroyForcibly);
    }

    private Process startWorker(String name) throws Exception {
        Process p = WorkerProcesses.start(
                ROOT,
                URL,
                name,
                Map.of(
                        "DB_SCHEDULER_HEARTBEAT_INTERVAL", "1s",
                        "DB_SCHEDULER_MISSED_HEARTBEATS_LIMIT", "4",
                        "DB_SCHEDULER_POLLING_INTERVAL", "500ms"));
        workers.add(p);
        return p;
    }

    @Test
    void aStageOfAKilledWorkerCompletesOnAnotherAndFinishedStagesDoNotRunAgain() throws Exception {
        Process w1 = startWorker("w1");
        Process w2 = startWorker("w2");
        TestApi api = new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
        Path origin = Fixtures.bareSampleRepo(ROOT.resolve("repos"));
        String id = api.createJob(Fixtures.sampleJob(origin, "sleep 8 && python3 run_tests.py", "normal"))
                .get("id")
                .asString();

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode verify = api.job(id).get("stages").get(2);
            return verify.get("status").asString().equals("running")
                    && !verify.get("worker").isNull();
        });
        String victim = api.job(id).get("stages").get(2).get("worker").asString();
        Process killed = victim.equals("w1") ? w1 : w2;
        String survivor = victim.equals("w1") ? "w2" : "w1";
        killed.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        killed.waitFor();

        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> List.of("succeeded", "failed")
                        .contains(api.job(id).get("status").asString()));
        JsonNode job = api.job(id);
        assertThat(job.get("status").asString())
                .as("error: %s", job.get("error"))
                .isEqualTo("succeeded");
        JsonNode stages = job.get("stages");
        assertThat(stages.get(0).get("attempts").asInt()).as("PLAN attempts").isEqualTo(1);
        assertThat(stages.get(1).get("attempts").asInt()).as("PATCH attempts").isEqualTo(1);
        assertThat(stages.get(2).get("attempts").asInt()).as("VERIFY attempts").isEqualTo(2);
        assertThat(stages.get(2).get("worker").asString()).isEqualTo(survivor);
        assertThat(job.get("evidence").get("tests").get("passed").asInt()).isEqualTo(4);
        String pushed = Fixtures.git(origin, "rev-parse", "architect/" + id).strip();
        assertThat(pushed).isEqualTo(job.get("result_commit").asString());
    }
}
