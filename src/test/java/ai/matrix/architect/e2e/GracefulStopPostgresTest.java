package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Workers that go away mid-stage, as separate processes on one PostgreSQL database with this test's api process.
 * A worker stopped with SIGTERM during VERIFY hands the stage back: the job succeeds, VERIFY's first attempt is
 * recorded as interrupted by shutdown and its second starts on the other worker long before the dead-worker
 * timeout could have revived it. A worker killed with SIGKILL during DEPLOY leaves its output in the job log, and
 * the target's second call carries the same release id and {@code MATRIX_RELEASE_RESUMED=true}.
 *
 * <p>The stages' commands wait for a file the test creates, which the sandbox would hide from them; so these
 * workers run commands without one ({@code ARCHITECT_SANDBOX=none}).
 */
// a database of its own that no other test class reuses: close the context (and its pool) when done, so that
// PostgreSQL's connection limit is not spent on idle pools of finished classes
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GracefulStopPostgresTest {
    static final Path ROOT = ServerTestSupport.tempDir("architect-stop");
    static final String URL = TestDatabases.createPostgres();
    /** Production's dead-worker detection: heartbeat 10 s, 5 missed; a revived execution needs over 50 s. */
    static final Duration DEAD_WORKER_TIMEOUT = Duration.ofSeconds(50);

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.apiOnPostgres(r, ROOT, URL);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    final List<Process> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        workers.forEach(Process::destroyForcibly);
    }

    private Process startWorker(String name, Map<String, String> settings) throws Exception {
        Map<String, String> env = new LinkedHashMap<>(settings);
        env.put("ARCHITECT_SANDBOX", "none");
        env.put("ARCHITECT_SHUTDOWN_GRACE", "2s");
        // a deploy target whose command records each call, then waits for the test
        String deploy =
                "echo deploy call $MATRIX_RELEASE_ATTEMPT; echo \"$MATRIX_RELEASE_ID $MATRIX_RELEASE_RESUMED\" >> "
                        + ROOT.resolve("deploy-calls.txt") + "; while [ ! -f " + ROOT.resolve("deploy-go")
                        + " ]; do sleep 0.1; done; echo deployed";
        env.put(
                "SPRING_APPLICATION_JSON",
                TestApi.JSON.writeValueAsString(Map.of(
                        "architect",
                        Map.of(
                                "deploy-targets",
                                Map.of("staging", Map.of("environment", "staging", "command", deploy))))));
        Process p = WorkerProcesses.start(ROOT, URL, name, env);
        workers.add(p);
        return p;
    }

    private TestApi api() {
        return new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
    }

    private static JsonNode stage(JsonNode job, String name) {
        for (JsonNode s : job.get("stages")) if (s.get("name").asString().equals(name)) return s;
        throw new AssertionError("no stage " + name);
    }

    private String logs(TestApi api, String id, String stage) {
        return api.get("/api/jobs/" + id + "/logs?stage=" + stage).body();
    }

    @Test
    void aStageOfAWorkerStoppedWithSigtermIsHandedBackAndTheJobSucceeds() throws Exception {
        Map<String, String> productionHeartbeat =
                Map.of("DB_SCHEDULER_HEARTBEAT_INTERVAL", "10s", "DB_SCHEDULER_MISSED_HEARTBEATS_LIMIT", "5");
        Process w1 = startWorker("w1", productionHeartbeat);
        Process w2 = startWorker("w2", productionHeartbeat);
        TestApi api = api();
        Path origin = Fixtures.bareSampleRepo(ROOT.resolve("repos"));
        Path go = ROOT.resolve("verify-go");
        String verify =
                "echo waiting for the test; while [ ! -f " + go + " ]; do sleep 0.1; done; python3 run_tests.py";
        String id = api.createJob(Fixtures.sampleJob(origin, verify, "normal"))
                .get("id")
                .asString();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> logs(api, id, "VERIFY").contains("waiting for the test"));
        String victim = stage(api.job(id), "VERIFY").get("worker").asString();
        String survivor = victim.equals("w1") ? "w2" : "w1";

        Instant stopped = Instant.now();
        (victim.equals("w1") ? w1 : w2).destroy(); // SIGTERM, as Kubernetes, systemd and Compose send it
        assertThat((victim.equals("w1") ? w1 : w2).waitFor(60, TimeUnit.SECONDS))
                .isTrue();
        await().atMost(DEAD_WORKER_TIMEOUT).until(() -> {
            JsonNode v = stage(api.job(id), "VERIFY");
            return v.get("attempts").asInt() == 2
                    && survivor.equals(v.path("worker").asString());
        });
        Instant secondStarted =
                Instant.parse(stage(api.job(id), "VERIFY").get("started_at").asString());
        Files.writeString(go, "go");

        JsonNode job = api.awaitSucceededOrFailed(id, Duration.ofSeconds(120));
        assertThat(job.get("status").asString())
                .as("error: %s", job.get("error"))
                .isEqualTo("succeeded");
        assertThat(stage(job, "PLAN").get("attempts").asInt()).isEqualTo(1);
        assertThat(stage(job, "PATCH").get("attempts").asInt()).isEqualTo(1);
        assertThat(stage(job, "VERIFY").get("attempts").asInt()).isEqualTo(2);
        assertThat(logs(api, id, "VERIFY"))
                .contains("[VERIFY] attempt 1 interrupted by shutdown of worker " + victim + "; handed back")
                .contains("[VERIFY] attempt 2 on " + survivor)
                .doesNotContain("VERIFY failed");
        Duration handOver = Duration.between(stopped, secondStarted);
        System.out.println("graceful stop: VERIFY's second attempt started " + handOver.toMillis()
                + " ms after SIGTERM (grace 2 s)");
        assertThat(handOver).isLessThan(DEAD_WORKER_TIMEOUT);
    }

    @Test
    void aDeployResumedAfterItsWorkerWasKilledSaysSoWithTheSameReleaseId() throws Exception {
        Map<String, String> fastHeartbeat = Map.of(
                "DB_SCHEDULER_HEARTBEAT_INTERVAL", "1s",
                "DB_SCHEDULER_MISSED_HEARTBEATS_LIMIT", "4",
                "DB_SCHEDULER_POLLING_INTERVAL", "500ms");
        Process w1 = startWorker("d1", fastHeartbeat);
        Process w2 = startWorker("d2", fastHeartbeat);
        TestApi api = api();
        Path origin = Fixtures.bareSampleRepo(ROOT.resolve("repos"));
        Map<String, Object> body = new LinkedHashMap<>(Fixtures.sampleJob(origin));
        body.put("deploy", Map.of("target", "staging"));
        String id = api.createJob(body).get("id").asString();
        // the first call's output reaches the job log while the command still waits (and so before the kill)
        await().atMost(Duration.ofSeconds(90))
                .until(() -> logs(api, id, "DEPLOY").contains("DEPLOY deploy call 1"));
        String victim = stage(api.job(id), "DEPLOY").get("worker").asString();
        Process killed = victim.equals("d1") ? w1 : w2;
        killed.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        killed.waitFor();
        Files.writeString(ROOT.resolve("deploy-go"), "go");

        JsonNode job = api.awaitSucceededOrFailed(id, Duration.ofSeconds(120));
        assertThat(job.get("status").asString())
                .as("error: %s", job.get("error"))
                .isEqualTo("succeeded");
        String release = "rel_" + id.replaceFirst("^job_", "");
        assertThat(Files.readAllLines(ROOT.resolve("deploy-calls.txt")))
                .containsExactly(release + " false", release + " true");
        assertThat(stage(job, "DEPLOY").get("attempts").asInt()).isEqualTo(2);
        // the release records every call: the first interrupted with its worker, the second a resume
        assertThat(jdbc.sql("select attempt, resumed, status from release_attempts where release_id = ?"
                                + " order by attempt")
                        .param(release)
                        .query((rs, n) -> rs.getInt(1) + " " + rs.getBoolean(2) + " " + rs.getString(3))
                        .list())
                .containsExactly("1 false interrupted", "2 true succeeded");
        assertThat(jdbc.sql("select output from stages where job_id = ? and name = 'DEPLOY'")
                        .param(id)
                        .query(String.class)
                        .single())
                .contains("\"attempt\":{\"number\":2,\"resumed\":true}");
        String log = logs(api, id, "DEPLOY");
        assertThat(log)
                .contains("DEPLOY deploy call 1", "DEPLOY deploy call 2")
                .contains("attempt 2: resumes an attempt that was interrupted");
    }
}
