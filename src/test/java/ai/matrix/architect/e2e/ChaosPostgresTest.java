package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The chaos suite, CI-sized (issue 14; bench/chaos runs the full-sized one): 50 jobs with a sandboxed VERIFY and
 * a {@code command} deploy go through this api process and worker processes on PostgreSQL, while a worker is
 * killed (SIGKILL) in VERIFY, another in DEPLOY, a third stopped (SIGTERM) in VERIFY, each replaced, and the
 * database connection of every process is cut for 4 s (a restart, as the clients see it, through a proxy; the
 * shared server stays up for other tests). Then: every job succeeded, no stage ran twice except after its worker
 * was killed or stopped, every repeated deploy call was told it resumes the same release, every job's branch was
 * pushed, and a client polling all along saw only 200 and 503.
 */
// a database of its own that no other test class reuses: close the context (and its pool) when done, so that
// PostgreSQL's connection limit is not spent on idle pools of finished classes
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChaosPostgresTest {
    static final int JOBS = 50;
    static final Path ROOT = ServerTestSupport.tempDir("architect-chaos");
    static final String DIRECT_URL = TestDatabases.createPostgres();
    static final CuttableProxy PROXY = proxy();
    static final String URL = DIRECT_URL.replace(":5432/", ":" + PROXY.port() + "/");
    /** Dead-worker detection: 2 s × 4 missed heartbeats, longer than the 4 s outage, so the outage kills nobody. */
    static final Map<String, String> WORKER_SETTINGS = Map.of(
            "DB_SCHEDULER_HEARTBEAT_INTERVAL", "2s",
            "DB_SCHEDULER_MISSED_HEARTBEATS_LIMIT", "4",
            "DB_SCHEDULER_POLLING_INTERVAL", "500ms",
            "ARCHITECT_SANDBOX", "bwrap",
            "ARCHITECT_SHUTDOWN_GRACE", "1s");

    private static CuttableProxy proxy() {
        try {
            return new CuttableProxy(TestDatabases.HOST, 5432);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.apiOnPostgres(r, ROOT, URL);
        r.add("architect.security.jobs-per-caller", () -> "1000");
    }

    @AfterAll
    static void closeProxy() throws Exception {
        PROXY.close();
    }

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    final Map<String, Process> workers = new ConcurrentHashMap<>();
    final java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
    final List<Thread> starting = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopWorkers() {
        workers.values().forEach(Process::destroyForcibly);
    }

    private void startWorker() throws Exception {
        String name = "c" + started.incrementAndGet();
        // the deploy command says which release it was asked for and whether it resumes one, in the job's log
        String deploy = "echo \"deploy-call $MATRIX_RELEASE_ID resumed=$MATRIX_RELEASE_RESUMED\"; sleep 2";
        Map<String, String> env = new LinkedHashMap<>(WORKER_SETTINGS);
        env.put(
                "SPRING_APPLICATION_JSON",
                TestApi.JSON.writeValueAsString(Map.of(
                        "architect",
                        Map.of(
                                "deploy-targets",
                                Map.of("staging", Map.of("environment", "staging", "command", deploy))))));
        workers.put(name, WorkerProcesses.start(ROOT, URL, name, env));
    }

    private TestApi api() {
        return new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
    }

    /** A live worker running {@code stageName} of some job right now, once one does. */
    private String workerRunning(String stageName) {
        String[] found = {null};
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    for (String w : jdbc.sql("select worker from stages where name = ? and status = 'running'")
                            .param(stageName)
                            .query(String.class)
                            .list()) {
                        if (w != null && workers.containsKey(w)) {
                            found[0] = w;
                            return true;
                        }
                    }
                    return false;
                });
        return found[0];
    }

    /** Kills or stops the worker and starts its replacement in the background, so that the faults keep coming. */
    private void kill(String name, boolean gracefully, Set<String> gone) throws Exception {
        Process p = workers.remove(name);
        gone.add(name);
        if (gracefully) p.destroy();
        else p.destroyForcibly();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        starting.add(Thread.ofVirtual().start(() -> {
            try {
                startWorker();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    @Test
    void jobsSurviveKilledWorkersAStoppedWorkerAndADatabaseRestart() throws Exception {
        for (int i = 0; i < 3; i++) startWorker();
        TestApi api = api();
        Path origin = Fixtures.bareSampleRepo(ROOT.resolve("repos"));

        // a client polling all along: during the outage it may hear 503, never a 500
        ConcurrentMap<Integer, Integer> answers = new ConcurrentHashMap<>();
        List<String> serverErrors = new CopyOnWriteArrayList<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread poller = Thread.ofVirtual().start(() -> {
            TestApi client = api();
            while (polling.get()) {
                for (String path : List.of("/api/jobs?limit=50", "/api/stats")) {
                    TestApi.Response r = client.get(path);
                    answers.merge(r.status(), 1, Integer::sum);
                    if (r.status() >= 500 && r.status() != 503) serverErrors.add(path + " " + r);
                }
            }
        });

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            Map<String, Object> body = new LinkedHashMap<>(
                    Fixtures.sampleJob(origin, "sleep 2 && python3 run_tests.py", i % 5 == 0 ? "high" : "normal"));
            body.put("deploy", Map.of("target", "staging"));
            ids.add(api.createJob(body).get("id").asString());
        }

        Set<String> gone = new HashSet<>();
        kill(workerRunning("VERIFY"), false, gone);
        kill(workerRunning("DEPLOY"), false, gone);
        kill(workerRunning("VERIFY"), true, gone);
        PROXY.cut();
        Thread.sleep(4_000); // the outage itself: what is tested is what happens during and after it
        PROXY.restore();

        await().atMost(Duration.ofMinutes(6))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> ids.stream()
                        .allMatch(id -> List.of("succeeded", "failed", "cancelled", "rejected")
                                .contains(api.job(id).get("status").asString())));
        polling.set(false);
        poller.join();
        for (Thread t : starting) t.join();

        int reruns = 0;
        int resumedDeploys = 0;
        Pattern attemptOn = Pattern.compile("\\[(\\w+)\\] attempt (\\d+) on (\\S+)");
        Pattern deployCall = Pattern.compile("deploy-call (\\S+) resumed=(\\w+)");
        String branches = Fixtures.git(origin, "for-each-ref", "--format=%(refname:short)", "refs/heads/architect/");
        for (String id : ids) {
            JsonNode job = api.job(id);
            assertThat(job.get("status").asString())
                    .as("%s: %s", id, job.get("error"))
                    .isEqualTo("succeeded");
            String log = api.get("/api/jobs/" + id + "/logs").body();
            // a stage that ran again did so only because the worker of its earlier attempt was killed or stopped
            Map<String, List<String>> attempts = new LinkedHashMap<>();
            for (Matcher m = attemptOn.matcher(log); m.find(); ) {
                attempts.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(m.group(3));
            }
            for (var e : attempts.entrySet()) {
                List<String> on = e.getValue();
                for (String earlier : on.subList(0, on.size() - 1)) {
                    assertThat(gone)
                            .as("%s %s ran on %s, then again", id, e.getKey(), on)
                            .contains(earlier);
                    reruns++;
                }
            }
            // the release records every call to the target: the first a fresh one, every later one a resume of the
            // same release, the last one succeeded; the command itself was told so (a killed attempt's own line may
            // be lost with its worker, so the log is checked from the last call back)
            String release = "rel_" + id.replaceFirst("^job_", "");
            List<String> recorded = jdbc.sql(
                            "select resumed, status from release_attempts where release_id = ? order by attempt")
                    .param(release)
                    .query((rs, n) -> rs.getBoolean(1) + " " + rs.getString(2))
                    .list();
            assertThat(recorded).as(id).isNotEmpty();
            assertThat(recorded.getFirst()).startsWith("false ");
            assertThat(recorded.getLast()).endsWith(" succeeded");
            recorded.subList(1, recorded.size())
                    .forEach(r -> assertThat(r).as(id).startsWith("true "));
            resumedDeploys += recorded.size() - 1;
            List<String> calls = new ArrayList<>();
            for (Matcher m = deployCall.matcher(log); m.find(); ) calls.add(m.group(1) + " " + m.group(2));
            assertThat(calls).as(id).isNotEmpty().allMatch(c -> c.startsWith(release + " "));
            assertThat(calls.getLast()).isEqualTo(release + " " + (recorded.size() > 1));
            assertThat(branches).contains("architect/" + id);
        }
        assertThat(branches.lines().count()).isEqualTo(JOBS);
        assertThat(serverErrors).isEmpty();
        System.out.printf(
                "chaos: %d jobs succeeded; workers killed or stopped: %s; stage re-runs after them: %d;"
                        + " resumed deploys: %d; API answers by status: %s%n",
                JOBS, gone, reruns, resumedDeploys, answers);
    }
}
