package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * deploy/docker-compose.yml with the tests' override (deploy/test/docker-compose.test.yml: the local image, the
 * host's network and PostgreSQL), brought up by Debian's docker-compose with one api and two workers. Ten jobs
 * succeed with their stages spread over both workers; then ten more succeed while the workers are restarted one
 * at a time (SIGTERM: their running stages are handed back to the other worker).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeStackIT {
    static final Path ROOT = DeployImages.sharedDir("compose");
    static final int PORT = DeployImages.freePort();
    static final String PROJECT = "maitcompose" + ProcessHandle.current().pid();
    static Map<String, String> env;
    static Path origin;
    static TestApi api;

    static String compose(String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                "docker-compose",
                "-p",
                PROJECT,
                "-f",
                "deploy/docker-compose.yml",
                "-f",
                "deploy/test/docker-compose.test.yml"));
        cmd.addAll(List.of(args));
        return DeployImages.run(env, cmd.toArray(String[]::new));
    }

    @BeforeAll
    static void up() throws Exception {
        String image = DeployImages.app();
        assertThat(DeployImages.exitCode("docker-compose", "version"))
                .as("docker-compose (apt-get install docker-compose)")
                .isZero();
        origin = Fixtures.bareSampleRepo(ROOT.resolve("repos"));
        String jdbc = TestDatabases.createPostgres();
        Path envFile = ROOT.resolve("test.env");
        Files.writeString(
                envFile,
                String.join(
                        "\n",
                        "JWT_SECRET=compose-test-jwt-secret-of-32-bytes-at-least",
                        "ARCHITECT_ADMIN_PASSWORD=" + ServerTestSupport.ADMIN_PASSWORD,
                        // no Docker socket or bubblewrap in the containers
                        "ARCHITECT_SANDBOX=none",
                        "ARCHITECT_REPO_ROOTS=" + ROOT.resolve("repos"),
                        "ARCHITECT_SHUTDOWN_GRACE=2s",
                        "DB_SCHEDULER_POLLING_INTERVAL=500ms",
                        "ARCHITECT_SECURITY_LOGIN_PER_USER=1000",
                        ""));
        DeployImages.ownByImageUser(ROOT);
        env = new LinkedHashMap<>();
        env.put("ARCHITECT_IMAGE", image);
        env.put("ARCHITECT_ENV_FILE", envFile.toString());
        env.put("TEST_DATABASE_URL", jdbc.replace("jdbc:postgresql://", "postgresql://" + TestDatabases.USER + "@"));
        env.put("TEST_API_PORT", Integer.toString(PORT));
        env.put("TEST_ROOT", ROOT.toString());
        compose("up", "-d", "--no-deps", "--no-build", "--scale", "worker=2", "api", "worker");
        assertThat(workers()).hasSize(2);
        TestApi anon = new TestApi("http://127.0.0.1:" + PORT);
        await().atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    try {
                        return anon.get("/actuator/health/readiness").status() == 200;
                    } catch (IllegalStateException notYet) {
                        return false;
                    }
                });
        for (String w : workers()) awaitStarted(w, 1);
        api = anon.login("admin", ServerTestSupport.ADMIN_PASSWORD);
    }

    @AfterAll
    static void down() throws Exception {
        if (env == null) return;
        try {
            Files.writeString(ROOT.resolve("compose.log"), compose("logs", "--no-color"));
        } finally {
            compose("down", "-v", "--timeout", "5");
        }
    }

    static List<String> workers() {
        return compose("ps", "-q", "worker")
                .lines()
                .filter(l -> !l.isBlank())
                .sorted()
                .toList();
    }

    /** Waits until the container's log says the application started {@code times} times (restarts add one). */
    static void awaitStarted(String container, int times) {
        await().atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofSeconds(1))
                .until(() ->
                        DeployImages.run(Map.of(), "docker", "logs", container).split("Started Main", -1).length
                                > times);
    }

    static List<String> submitTen(String verify) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(api.createJob(Fixtures.sampleJob(origin, verify, "normal"))
                    .get("id")
                    .asString());
        }
        return ids;
    }

    static List<JsonNode> awaitAll(List<String> ids) {
        List<JsonNode> jobs = new ArrayList<>();
        for (String id : ids) {
            JsonNode job = api.awaitSucceededOrFailed(id, Duration.ofSeconds(300));
            assertThat(job.get("status").asString())
                    .as("%s error: %s", id, job.get("error"))
                    .isEqualTo("succeeded");
            jobs.add(job);
        }
        return jobs;
    }

    @Test
    @Order(1)
    void tenJobsSucceedWithTheirStagesSpreadOverBothWorkers() {
        List<JsonNode> jobs = awaitAll(submitTen("sleep 1; " + DeployImages.TAP_VERIFY));
        Set<String> ranOn = new HashSet<>();
        for (JsonNode job : jobs) {
            for (JsonNode s : job.get("stages")) {
                if (!s.path("worker").isNull() && !s.path("worker").asString().isBlank())
                    ranOn.add(s.get("worker").asString());
            }
        }
        assertThat(ranOn).as("the workers that ran stages").hasSize(2);

        // the queue metrics are served, with every priority present for an autoscaler to read
        String metrics = api.get("/actuator/prometheus").body();
        assertThat(metrics)
                .contains("architect_queue_due_executions{priority=\"high\"}")
                .contains("architect_queue_oldest_due_age_seconds");
    }

    @Test
    @Order(2)
    void everyJobSucceedsThroughARollingRestartOfTheWorkers() {
        List<String> ids = submitTen("sleep 3; " + DeployImages.TAP_VERIFY);
        await().atMost(Duration.ofSeconds(120))
                .until(() -> ids.stream()
                        .anyMatch(id -> "running"
                                .equals(stage(api.job(id), "VERIFY")
                                        .get("status")
                                        .asString())));
        for (String w : workers()) {
            // SIGTERM, then up to 60 s before SIGKILL (the stack's stop_grace_period)
            DeployImages.run(Map.of(), "docker", "restart", "-t", "60", w);
            awaitStarted(w, 2);
        }
        List<JsonNode> jobs = awaitAll(ids);
        long handedBack = jobs.stream()
                .flatMap(j ->
                        java.util.stream.StreamSupport.stream(j.get("stages").spliterator(), false))
                .filter(s -> s.get("attempts").asInt() > 1)
                .count();
        System.out.println("rolling restart: 10 jobs succeeded; " + handedBack + " stages ran more than once");
    }

    static JsonNode stage(JsonNode job, String name) {
        for (JsonNode s : job.get("stages")) if (s.get("name").asString().equals(name)) return s;
        throw new AssertionError("no stage " + name);
    }
}
