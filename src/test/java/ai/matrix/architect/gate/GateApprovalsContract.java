package ai.matrix.architect.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.matrix.architect.cli.SampleRepository;
import ai.matrix.architect.engine.Stage;
import ai.matrix.architect.engine.StageContext;
import ai.matrix.architect.engine.StageLog;
import ai.matrix.architect.engine.StageOutcome;
import ai.matrix.architect.job.JobLogs;
import ai.matrix.architect.job.JobStore;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.notify.Webhooks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * GATE end to end over real HTTP, a real git repository, the real sandbox and the embedded database: policy
 * administration, a production job that needs two approvals, expiry, the command deploy target and webhooks.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class GateApprovalsContract {
    static final String ADMIN_PASSWORD = "gate-admin-password-1";
    static final String SECRET = "webhook-test-secret";

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    Api admin;

    /** This database's server root (data dir and repos) and fake endpoint. */
    abstract Path root();

    abstract FakeEndpoint endpoint();

    static Path tempDir() {
        try {
            return Files.createTempDirectory("gate-it").toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void common(DynamicPropertyRegistry r, Path ROOT, FakeEndpoint ENDPOINT) throws IOException {
        Files.createDirectories(ROOT.resolve("repos"));
        r.add("architect.data-dir", () -> ROOT.resolve("data").toString());
        r.add("architect.repo-roots", () -> ROOT.resolve("repos").toString());
        r.add("architect.admin-password", () -> ADMIN_PASSWORD);
        r.add("db-scheduler.polling-interval", () -> "500ms");
        r.add("architect.deploy-targets.prod.environment", () -> "production");
        r.add(
                "architect.deploy-targets.prod.command",
                () -> "echo deploying $RELEASE_ID to $DEPLOY_ENVIRONMENT; grep -c 'def ' calc.py;"
                        + " test \"$deploy_token\" = s3cr3t-deploy-t0ken && echo deploy-token-received"
                        + " && test \"$(cat \"$deploy_token_FILE\")\" = s3cr3t-deploy-t0ken"
                        + " && echo deploy-token-file-received && echo \"$deploy_token\"");
        // the target's secret, by name, from the file provider
        Files.createDirectories(ROOT.resolve("data/secrets"));
        Files.writeString(ROOT.resolve("data/secrets/deploy_token"), "s3cr3t-deploy-t0ken\n");
        r.add("architect.deploy-targets.prod.secrets[0]", () -> "file:deploy_token");
        r.add("architect.deploy-targets.prod.health-url", () -> ENDPOINT.url("/health"));
        r.add("architect.deploy-targets.staging.environment", () -> "staging");
        r.add("architect.deploy-targets.staging.command", () -> "echo deploying $RELEASE_ID at $RESULT_COMMIT");
        r.add("architect.deploy-targets.staging.health-url", () -> ENDPOINT.url("/health-staging"));
        r.add(
                "architect.deploy-targets.staging.rollback-command",
                () -> "echo rolling back $RELEASE_ID to $ROLLBACK_TO_RELEASE_ID at $ROLLBACK_TO_COMMIT");
        r.add("architect.gate.expiry-check-interval", () -> "500ms");
        // the fake endpoint is on loopback, which webhooks may not reach unless the allow list names it
        r.add("architect.network.allow", () -> "127.0.0.1");
        r.add("architect.notify.webhooks[0]", () -> ENDPOINT.url("/hook"));
        r.add("architect.notify.secret", () -> SECRET);
        r.add("architect.notify.first-backoff", () -> "500ms");
        r.add("architect.notify.dispatch-interval", () -> "500ms");
    }

    @BeforeEach
    void login() {
        admin = Api.login(base(), "admin", ADMIN_PASSWORD);
        for (String[] u : List.of(
                new String[] {"op1", "operator"}, new String[] {"op2", "operator"}, new String[] {"viewer1", "viewer"
                })) {
            admin.post("/api/users", Map.of("username", u[0], "password", "password-" + u[0], "role", u[1]));
        }
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    Api as(String user) {
        return Api.login(base(), user, "password-" + user);
    }

    Map<String, Object> sampleJob(String goal) throws IOException {
        Path repo = root().resolve("repos").resolve("sample-" + System.nanoTime());
        SampleRepository.create(repo);
        Map<String, Object> body = new LinkedHashMap<>(SampleRepository.jobRequest(repo));
        body.put("goal", goal);
        return body;
    }

    JsonNode awaitStatus(String id, String... statuses) {
        return await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> admin.job(id),
                        j -> List.of(statuses).contains(j.path("status").asString()));
    }

    static final String BROKEN = """
            name: default
            rules:
              - id: tests_failed
                when: evidence.tests.failed > 0 &&
                decision: deny
                message: tests failed
            """;

    @Test
    @Order(1)
    void policiesAreAdministeredByAdminsOnly() {
        JsonNode list = admin.get("/api/policies").json();
        assertThat(list.path("items").get(0).path("name").asString()).isEqualTo("default");
        assertThat(as("op1").get("/api/policies").status()).isEqualTo(403);
        assertThat(as("viewer1").get("/api/policies/default").status()).isEqualTo(403);

        JsonNode policy = admin.get("/api/policies/default").json();
        int active = policy.path("version").asInt();
        assertThat(policy.path("source").asString()).contains("tests_failed");

        JsonNode validation =
                admin.post("/api/policies/validate", Map.of("source", BROKEN)).json();
        assertThat(validation.path("valid").asBoolean()).isFalse();
        JsonNode error = validation.path("errors").get(0);
        assertThat(error.path("line").asInt()).isEqualTo(4);
        assertThat(error.path("column").asInt()).isGreaterThan(10);
        assertThat(error.path("rule").asString()).isEqualTo("tests_failed");

        Api.Response refused = admin.put("/api/policies/default", Map.of("source", BROKEN));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("errors").get(0).path("line").asInt()).isEqualTo(4);
        assertThat(admin.get("/api/policies/default").json().path("version").asInt())
                .isEqualTo(active);

        Api.Response saved = admin.put("/api/policies/default", Map.of("source", Policies.defaultSource()));
        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.json().path("version").asInt()).isEqualTo(active + 1);
        assertThat(saved.json().path("author").asString()).isEqualTo("admin");
        assertThat(admin.get("/api/policies/default").json().path("versions").size())
                .isEqualTo(active + 1);
    }

    @Test
    @Order(2)
    void productionJobWaitsForTwoApprovalsThenDeploys() throws IOException {
        Map<String, Object> body = sampleJob("Add multiplication and ship it to production");
        body.put("deploy", Map.of("target", "prod"));
        String id = admin.post("/api/jobs", body).json().path("id").asString();

        JsonNode waiting = awaitStatus(id, "awaiting_approval", "failed");
        assertThat(waiting.path("status").asString()).as(waiting.toString()).isEqualTo("awaiting_approval");
        assertThat(stage(waiting, "GATE").path("status").asString()).isEqualTo("running");
        JsonNode gate = waiting.path("gate");
        assertThat(gate.path("decision").asString()).isEqualTo("require_approval");
        assertThat(gate.path("required_approvals").asInt()).isEqualTo(2);
        assertThat(gate.path("risk").asString()).isEqualTo("high");
        assertThat(gate.path("reasons").toString()).contains("production target needs two approvals");
        assertThat(gate.path("rules").size()).isGreaterThanOrEqualTo(9);
        assertThat(gate.path("expires_at").asString()).isNotBlank();
        assertThat(admin.get("/api/approvals").json().path("items").toString()).contains(id);

        // a dry run of the shipped policy against this job gives the same decision
        JsonNode dry = admin.post("/api/policies/default/dry-run", Map.of("job_id", id, "version", 1))
                .json();
        assertThat(dry.path("decision").asString()).isEqualTo("require_approval");
        assertThat(dry.path("policies").get(0).asString()).isEqualTo("default@1");

        Api.Response creator = admin.post("/api/jobs/" + id + "/approve", Map.of("comment", "mine"));
        assertThat(creator.status()).isEqualTo(409);
        assertThat(as("viewer1").post("/api/jobs/" + id + "/approve", Map.of()).status())
                .isEqualTo(403);

        Api op1 = as("op1");
        Api.Response first = op1.post("/api/jobs/" + id + "/approve", Map.of("comment", "looks right"));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("status").asString()).isEqualTo("awaiting_approval");
        assertThat(first.json().path("gate").path("approvals").size()).isEqualTo(1);
        assertThat(op1.post("/api/jobs/" + id + "/approve", Map.of()).status())
                .as("one person counts once")
                .isEqualTo(409);

        Api.Response second = as("op2").post("/api/jobs/" + id + "/approve", Map.of("comment", "ship it"));
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().path("status").asString()).isIn("running", "succeeded");

        JsonNode done = awaitStatus(id, "succeeded", "failed");
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("succeeded");
        assertThat(stage(done, "GATE").path("summary").asString()).isEqualTo("approved by op1, op2");
        assertThat(stage(done, "DEPLOY").path("summary").asString()).contains("deployed to prod");
        assertThat(endpoint().healthChecks.get()).isGreaterThanOrEqualTo(1);
        String logs = admin.get("/api/jobs/" + id + "/logs?stage=DEPLOY").body();
        assertThat(logs).contains("deploying rel_").contains("to production");
        assertThat(logs)
                .contains("deploy-token-received")
                .contains("deploy-token-file-received")
                .doesNotContain("s3cr3t-deploy-t0ken");

        // DEPLOY run again (as after a crash before its checkpoint) finds its release and does not deploy twice
        int checks = endpoint().healthChecks.get();
        Stage deploy = stages.stream()
                .filter(s -> s.name() == StageName.DEPLOY)
                .findFirst()
                .orElseThrow();
        StageOutcome again;
        try (StageLog log = new StageLog(logs(), id, StageName.DEPLOY)) {
            again = deploy.run(new StageContext(jobs.get(id), 2, log, json));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(again).isInstanceOf(StageOutcome.Succeeded.class);
        assertThat(again.summary()).contains("already deployed");
        assertThat(again.output().path("reused").asBoolean()).isTrue();
        assertThat(endpoint().healthChecks.get()).isEqualTo(checks);
    }

    @Autowired
    List<Stage> stages;

    @Autowired
    JobStore jobs;

    @Autowired
    ObjectMapper json;

    @Autowired
    JobLogs jobLogs;

    JobLogs logs() {
        return jobLogs;
    }

    static final String ADMIN_ONLY = """
            name: admin-only
            rules:
              - id: admin_only
                when: job.goal.contains("admin-only")
                decision: require_approval
                roles: [admin]
                message: admin-only changes need an admin's approval
            """;

    @Test
    @Order(3)
    void approvalsExpireAndPolicyRolesAreEnforced() throws IOException {
        assertThat(admin.put("/api/policies/admin-only", Map.of("source", ADMIN_ONLY))
                        .status())
                .isEqualTo(200);
        String id = admin.post("/api/jobs", sampleJob("An admin-only change"))
                .json()
                .path("id")
                .asString();
        JsonNode waiting = awaitStatus(id, "awaiting_approval", "failed");
        assertThat(waiting.path("gate").path("approver_roles").toString()).isEqualTo("[\"admin\"]");

        Api.Response operator = as("op1").post("/api/jobs/" + id + "/approve", Map.of());
        assertThat(operator.status()).isEqualTo(403);
        assertThat(operator.json().path("detail").asString()).contains("only admin");

        clock.advance(Duration.ofHours(73));
        JsonNode rejected = awaitStatus(id, "rejected");
        assertThat(rejected.path("error").asString()).startsWith("approval expired");
        assertThat(stage(rejected, "GATE").path("status").asString()).isEqualTo("failed");
        assertThat(rejected.path("gate")
                        .path("approvals")
                        .get(0)
                        .path("decision")
                        .asString())
                .isEqualTo("expired");
    }

    @Test
    @Order(4)
    void webhooksAreSignedAndRetried() throws IOException {
        Map<String, Object> body = sampleJob("Add multiplication, approved by a colleague");
        body.put("constraints", Map.of("require_approval", true));
        String id = admin.post("/api/jobs", body).json().path("id").asString();
        awaitStatus(id, "awaiting_approval");
        assertThat(as("op1").post("/api/jobs/" + id + "/approve", Map.of()).status())
                .isEqualTo(200);
        awaitStatus(id, "succeeded");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> events(id).containsAll(List.of("awaiting_approval", "approved", "succeeded")));
        for (FakeEndpoint.Received r : endpoint().hooks) {
            assertThat(r.header(Webhooks.SIGNATURE_HEADER)).isEqualTo("sha256=" + hmac(r.body()));
        }
        assertThat(endpoint().hooks.stream().filter(r -> r.answered() == 500)).hasSize(1);
        FakeEndpoint.Received failed = endpoint().hooks.stream()
                .filter(r -> r.answered() == 500)
                .findFirst()
                .orElseThrow();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> endpoint().hooks.stream()
                        .anyMatch(r -> r.answered() == 200
                                && r.header("X-Matrix-Delivery").equals(failed.header("X-Matrix-Delivery"))
                                && r.body().equals(failed.body())));
        // the rejection of the expired job was announced too
        assertThat(endpoint().hooks.stream()
                        .map(r -> Api.JSON.readTree(r.body()).path("event").asString()))
                .contains("rejected");
    }

    @Test
    @Order(5)
    void twoLastApprovalsAtOnceStillReleaseTheJob() throws Exception {
        Map<String, Object> body = sampleJob("Ship to production, approved by two people at once");
        body.put("deploy", Map.of("target", "prod"));
        String id = admin.post("/api/jobs", body).json().path("id").asString();
        awaitStatus(id, "awaiting_approval");
        Api op1 = as("op1");
        Api op2 = as("op2");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(
                    () -> op1.post("/api/jobs/" + id + "/approve", Map.of()).status());
            var b = pool.submit(
                    () -> op2.post("/api/jobs/" + id + "/approve", Map.of()).status());
            assertThat(List.of(a.get(), b.get())).containsExactly(200, 200);
        } finally {
            pool.shutdown();
        }
        JsonNode done = awaitStatus(id, "succeeded", "failed");
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.path("gate").path("approvals").size()).isEqualTo(2);
    }

    private List<String> events(String jobId) {
        return endpoint().hooks.stream()
                .filter(r -> r.answered() == 200)
                .map(r -> Api.JSON.readTree(r.body()))
                .filter(j -> j.path("job_id").asString().equals(jobId))
                .map(j -> j.path("event").asString())
                .toList();
    }

    private static String hmac(String body) {
        return Webhooks.sign(SECRET, body);
    }

    @Test
    @Order(6)
    void aDeployWhoseHealthCheckFailsIsRolledBackToTheLastGoodRelease() throws IOException {
        Map<String, Object> good = sampleJob("Ship multiplication to staging");
        good.put("deploy", Map.of("target", "staging"));
        String first = admin.post("/api/jobs", good).json().path("id").asString();
        JsonNode deployed = awaitStatus(first, "succeeded", "failed", "awaiting_approval");
        assertThat(deployed.path("status").asString()).as(deployed.toString()).isEqualTo("succeeded");
        String goodRelease = "rel_" + first.substring("job_".length());

        endpoint().stagingHealth.set(503);
        try {
            Map<String, Object> bad = sampleJob("Ship a broken build to staging");
            bad.put("deploy", Map.of("target", "staging"));
            String second = admin.post("/api/jobs", bad).json().path("id").asString();
            JsonNode failed = awaitStatus(second, "succeeded", "failed", "awaiting_approval");
            assertThat(failed.path("status").asString()).as(failed.toString()).isEqualTo("failed");
            assertThat(failed.path("stage").asString()).isEqualTo("DEPLOY");
            // the rollback command ran with the last good release, and the release it went back to was checked
            // again: the fake still answers 503, so the rollback is not called a success (issue 17)
            assertThat(failed.path("error").asString())
                    .isEqualTo(
                            "health check failed: HTTP 503 (not healthy within 5s); the rollback failed too: HTTP 503");
            String logs =
                    admin.get("/api/jobs/" + second + "/logs?stage=DEPLOY").body();
            assertThat(logs)
                    .contains("rolling back to " + goodRelease)
                    .contains("rolling back rel_" + second.substring("job_".length()) + " to " + goodRelease + " at "
                            + deployed.path("result_commit").asString());
        } finally {
            endpoint().stagingHealth.set(200);
        }
    }

    private static JsonNode stage(JsonNode job, String name) {
        for (JsonNode s : job.path("stages")) if (s.path("name").asString().equals(name)) return s;
        throw new AssertionError("no stage " + name);
    }
}
