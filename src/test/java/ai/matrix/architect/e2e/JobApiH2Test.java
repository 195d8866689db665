package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The job API as a client sees it: refusals of bad input, the job lifecycle, approvals, events. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JobApiH2Test {
    static final Path ROOT = ServerTestSupport.tempDir("architect-api");

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.common(r, ROOT);
    }

    @LocalServerPort
    int port;

    TestApi api;
    Path origin;

    @BeforeEach
    void setUp() throws Exception {
        api = new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
        origin = Fixtures.bareSampleRepo(ROOT.resolve("repos"));
    }

    JsonNode awaitStatus(String id, String... statuses) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() ->
                        List.of(statuses).contains(api.job(id).get("status").asString()));
        return api.job(id);
    }

    private int jobCount() {
        return api.get("/api/jobs?limit=200").json().get("items").size();
    }

    private long workspaces() throws Exception {
        Path ws = ROOT.resolve("data/workspaces");
        if (!Files.exists(ws)) return 0;
        try (Stream<Path> s = Files.list(ws)) {
            return s.count();
        }
    }

    private void assertRefused(TestApi.Response r, int status, String field, String messagePart) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode problem = r.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asString()).isNotBlank();
        if (field != null) {
            assertThat(problem.get("errors")).isNotNull();
            assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(field);
            assertThat(problem.get("errors").get(0).get("message").asString()).contains(messagePart);
        }
    }

    private Map<String, Object> withPatch(String diff) {
        Map<String, Object> body = new LinkedHashMap<>(Fixtures.sampleJob(origin));
        body.put(
                "plan",
                Map.of("steps", List.of(Map.of("id", "s1", "ops", List.of(Map.of("op", "patch", "diff", diff))))));
        return body;
    }

    @Test
    void badInputIsRefusedWithProblemDetailsAndNothingIsWritten() throws Exception {
        int before = jobCount();
        long workspacesBefore = workspaces();

        assertRefused(api.postRaw("/api/jobs", "{\"repo\": {\"kind\": "), 400, "body", "JSON");

        Map<String, Object> svn = new LinkedHashMap<>(Fixtures.sampleJob(origin));
        svn.put("repo", Map.of("kind", "svn", "url", "https://example.org/x"));
        assertRefused(api.post("/api/jobs", svn), 400, "repo.kind", "svn");

        Map<String, Object> noGoal = new LinkedHashMap<>(Fixtures.sampleJob(origin));
        noGoal.remove("goal");
        assertRefused(api.post("/api/jobs", noGoal), 400, "goal", "required");

        String outside = """
                diff --git a/../outside.txt b/../outside.txt
                new file mode 100644
                --- /dev/null
                +++ b/../outside.txt
                @@ -0,0 +1 @@
                +escaped
                """;
        assertRefused(api.post("/api/jobs", withPatch(outside)), 400, "plan.steps[0].ops[0].diff", "..");

        String gitConfig = """
                diff --git a/.git/config b/.git/config
                --- a/.git/config
                +++ b/.git/config
                @@ -1 +1,2 @@
                 [core]
                +\tfsmonitor = touch /tmp/pwned
                """;
        assertRefused(api.post("/api/jobs", withPatch(gitConfig)), 400, "plan.steps[0].ops[0].diff", ".git");

        Map<String, Object> createOutside = new LinkedHashMap<>(Fixtures.sampleJob(origin));
        createOutside.put(
                "plan",
                Map.of(
                        "steps",
                        List.of(Map.of(
                                "ops", List.of(Map.of("op", "create", "path", "/etc/cron.d/x", "content", "x"))))));
        assertRefused(api.post("/api/jobs", createOutside), 400, "plan.steps[0].ops[0].path", "relative");

        Map<String, Object> etc = new LinkedHashMap<>(Fixtures.sampleJob(origin));
        etc.put("repo", Map.of("kind", "git", "url", "file:///etc"));
        assertRefused(api.post("/api/jobs", etc), 400, "repo.url", "outside the allowed repository roots");

        Map<String, Object> local = new LinkedHashMap<>(Fixtures.sampleJob(origin));
        local.put("repo", Map.of("kind", "local", "path", "/usr/share"));
        assertRefused(api.post("/api/jobs", local), 400, "repo.path", "outside the allowed repository roots");

        Map<String, Object> ext = new LinkedHashMap<>(Fixtures.sampleJob(origin));
        ext.put("repo", Map.of("kind", "git", "url", "ext::sh -c touch% /tmp/pwned"));
        assertRefused(api.post("/api/jobs", ext), 400, "repo.url", "not allowed");

        Map<String, Object> massAssignment = new LinkedHashMap<>(Fixtures.sampleJob(origin));
        massAssignment.put("status", "succeeded");
        assertRefused(api.post("/api/jobs", massAssignment), 400, "status", "not a field a client may set");

        Map<String, Object> badPriority = new LinkedHashMap<>(Fixtures.sampleJob(origin));
        badPriority.put("priority", "urgent");
        assertRefused(api.post("/api/jobs", badPriority), 400, "priority", "high, normal, low");

        String huge = "{\"goal\": \"" + "x".repeat(6 * 1024 * 1024) + "\"}";
        assertRefused(api.postRaw("/api/jobs", huge), 413, null, null);

        assertRefused(api.get("/api/jobs?limit=0"), 400, "limit", "between 1 and 200");
        assertRefused(api.get("/api/jobs?status=bogus"), 400, "status", "not a known value");
        assertRefused(api.get("/api/jobs?cursor=%00%ff"), 400, "cursor", "not valid UTF-8");
        assertRefused(api.get("/api/jobs?cursor=%00"), 400, "cursor", "not a cursor");
        assertRefused(api.get("/api/jobs?repo=%c0%af"), 400, "repo", "not valid UTF-8");
        assertRefused(api.get("/api/jobs?cursor=job_1%27%20or%201=1"), 400, "cursor", "not a cursor");
        assertRefused(api.get("/api/jobs?created_by=a%00b"), 400, "created_by", "control characters");
        assertRefused(api.get("/api/jobs?repo=%1b%5b31m"), 400, "repo", "control characters");
        assertRefused(api.get("/api/jobs/job_doesnotexist"), 404, null, null);

        assertThat(jobCount()).isEqualTo(before);
        assertThat(workspaces()).isEqualTo(workspacesBefore);
        assertThat(Path.of("/tmp/pwned")).doesNotExist();
    }

    @Test
    void requestsWithoutAValidTokenAreUnauthorized() {
        TestApi anonymous = new TestApi("http://localhost:" + port);
        assertRefused(anonymous.get("/api/jobs"), 401, null, null);
        assertRefused(anonymous.post("/api/jobs", Fixtures.sampleJob(origin)), 401, null, null);
        assertRefused(
                anonymous.post("/api/auth/token", Map.of("username", "admin", "password", "wrong")), 401, null, null);
        assertRefused(
                anonymous.post("/api/auth/token", Map.of("username", "nobody", "password", "wrong")), 401, null, null);
        assertThat(anonymous.get("/api/health").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
    }

    @Test
    void aJobWaitsInCreatedUntilExecutedAndCanBeCancelledAndRetried() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(Fixtures.sampleJob(origin));
        body.put("auto_execute", false);
        String id = api.createJob(body).get("id").asString();
        assertThat(api.job(id).get("status").asString()).isEqualTo("created");

        TestApi.Response cancelled = api.post("/api/jobs/" + id + "/cancel", Map.of());
        assertThat(cancelled.status()).isEqualTo(202);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");
        assertRefused(api.post("/api/execute/" + id, Map.of()), 409, null, null);

        TestApi.Response retried = api.post("/api/jobs/" + id + "/retry", Map.of());
        assertThat(retried.status()).isEqualTo(202);
        JsonNode done = awaitStatus(id, "succeeded", "failed");
        assertThat(done.get("status").asString()).isEqualTo("succeeded");

        String second = api.createJob(body).get("id").asString();
        TestApi.Response executed = api.post("/api/execute/" + second, Map.of());
        assertThat(executed.status()).isEqualTo(202);
        assertThat(executed.json().get("status").asString()).isIn("queued", "running");
        assertRefused(api.post("/api/execute/" + second, Map.of()), 409, null, null);
        awaitStatus(second, "succeeded");
    }

    @Test
    void cancellingARunningJobKillsItsSandboxedCommand() throws Exception {
        String id = api.createJob(Fixtures.sampleJob(origin, "sleep 60; python3 run_tests.py", "normal"))
                .get("id")
                .asString();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> api.job(id)
                        .get("stages")
                        .get(2)
                        .get("status")
                        .asString()
                        .equals("running"));
        TestApi.Response cancel = api.post("/api/jobs/" + id + "/cancel", Map.of());
        assertThat(cancel.status()).isEqualTo(202);
        JsonNode job = awaitStatus(id, "cancelled", "failed", "succeeded");
        assertThat(job.get("status").asString()).isEqualTo("cancelled");
        assertThat(job.get("stages").get(2).get("status").asString()).isEqualTo("failed");
        assertThat(job.get("stages").get(5).get("status").asString()).isEqualTo("pending");
        assertThat(Fixtures.git(origin, "branch", "--list", "architect/*")).doesNotContain(id);
        assertRefused(api.post("/api/jobs/" + id + "/cancel", Map.of()), 409, null, null);
    }

    @Test
    void retryResumesAtTheFailedStageWithoutRerunningFinishedOnes() throws Exception {
        String id = api.createJob(Fixtures.failingJob(origin)).get("id").asString();
        awaitStatus(id, "failed");
        api.post("/api/jobs/" + id + "/retry", Map.of());
        JsonNode job = awaitStatus(id, "failed", "succeeded");
        assertThat(job.get("status").asString()).isEqualTo("failed");
        JsonNode stages = job.get("stages");
        assertThat(stages.get(0).get("attempts").asInt()).as("PLAN attempts").isEqualTo(1);
        assertThat(stages.get(1).get("attempts").asInt()).as("PATCH attempts").isEqualTo(1);
        assertThat(stages.get(2).get("attempts").asInt()).as("VERIFY attempts").isEqualTo(2);
    }

    @Test
    void aJobThatRequiresApprovalWaitsForAnotherPersonAndThenContinues() throws Exception {
        assertThat(api.post("/api/users", Map.of("username", "bob", "password", "bob-password-1", "role", "operator"))
                        .status())
                .isIn(201, 409);
        Map<String, Object> body = new LinkedHashMap<>(Fixtures.sampleJob(origin));
        body.put("constraints", Map.of("require_approval", true));
        String id = api.createJob(body).get("id").asString();
        JsonNode waiting = awaitStatus(id, "awaiting_approval", "failed");
        assertThat(waiting.get("status").asString()).isEqualTo("awaiting_approval");
        assertThat(waiting.get("gate").get("decision").asString()).isEqualTo("require_approval");
        assertThat(api.get("/api/approvals?status=pending").body()).contains(id);

        assertRefused(api.post("/api/jobs/" + id + "/approve", Map.of("comment", "mine")), 409, null, null);

        TestApi bob = new TestApi("http://localhost:" + port).login("bob", "bob-password-1");
        TestApi.Response approved = bob.post("/api/jobs/" + id + "/approve", Map.of("comment", "looks right"));
        assertThat(approved.status()).isEqualTo(200);
        JsonNode done = awaitStatus(id, "succeeded", "failed");
        assertThat(done.get("status").asString()).isEqualTo("succeeded");
        assertThat(done.get("gate").get("approvals").get(0).get("actor").asString())
                .isEqualTo("bob");

        String other = api.createJob(body).get("id").asString();
        awaitStatus(other, "awaiting_approval");
        assertRefused(bob.post("/api/jobs/" + other + "/reject", Map.of()), 400, "reason", "required");
        TestApi.Response rejected = bob.post("/api/jobs/" + other + "/reject", Map.of("reason", "not now"));
        assertThat(rejected.json().get("status").asString()).isEqualTo("rejected");
        assertThat(rejected.json().get("error").asString()).contains("not now");
    }

    @Test
    void theEventStreamReportsStatusChangesLive() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest req = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/events?access_token=" + api.token()))
                .header("Accept", "text/event-stream")
                .build();
        var future = http.sendAsync(req, HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> r.body().forEach(lines::add));
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains("hello")));
        String id = api.createJob(Fixtures.sampleJob(origin)).get("id").asString();
        await().atMost(Duration.ofSeconds(120))
                .until(() -> lines.stream().anyMatch(l -> l.contains(id) && l.contains("\"status\":\"succeeded\"")));
        assertThat(lines).anyMatch(l -> l.contains(id) && l.contains("\"stage\":\"VERIFY\""));
        future.cancel(true);

        String metrics = api.get("/actuator/prometheus").body();
        assertThat(metrics).contains("architect_jobs_finished_total{").contains("status=\"succeeded\"");
        assertThat(metrics).contains("architect_stage_duration_seconds_count{").contains("stage=\"VERIFY\"");
        assertThat(new TestApi("http://localhost:" + port)
                        .get("/actuator/prometheus")
                        .status())
                .isEqualTo(401);

        TestApi.Response followed = api.get("/api/jobs/" + id + "/logs?follow=true&stage=VERIFY");
        assertThat(followed.contentType()).startsWith("text/event-stream");
        assertThat(followed.body())
                .contains("event:log")
                .contains("Ran 4 tests")
                .contains("event:end");
    }

    /** The list answers summaries: a row's worth of each job, its test counts, never the plan or evidence. */
    @Test
    void theListGivesASmallSummaryOfEachJobAndTheJobItselfGivesTheWhole() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(Fixtures.sampleJob(origin));
        body.put("goal", "Add a multiply function ".repeat(150)); // 3,600 characters
        String id = api.createJob(body).get("id").asString();
        awaitStatus(id, "succeeded");

        TestApi.Response list = api.get("/api/jobs?limit=200");
        JsonNode item = null;
        for (JsonNode j : list.json().get("items")) {
            if (j.get("id").asString().equals(id)) item = j;
        }
        assertThat(item).as(list.body()).isNotNull();
        assertThat(item.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .as(item.toString())
                .isLessThan(1024);
        assertThat(item.get("status").asString()).isEqualTo("succeeded");
        assertThat(item.get("goal").asString()).hasSize(200).endsWith("…").startsWith("Add a multiply function");
        assertThat(item.get("tests").get("passed").asInt()).isPositive();
        assertThat(item.get("tests").get("failed").asInt()).isZero();
        assertThat(item.get("gate_decision").asString()).isEqualTo("allow");
        assertThat(item.get("repo").get("url").asString())
                .isEqualTo(origin.toUri().toString());
        assertThat(item.has("plan") || item.has("evidence") || item.has("stages"))
                .isFalse();

        JsonNode whole = api.job(id);
        assertThat(whole.get("goal").asString()).hasSize(3600);
        assertThat(whole.get("stages")).hasSize(6);
        assertThat(whole.get("evidence").get("tests").get("passed").asInt())
                .isEqualTo(item.get("tests").get("passed").asInt());
    }

    @Test
    void theDashboardReportsFiguresTargetsAndThatNoChatModelIsConfigured() throws Exception {
        String id = api.createJob(Fixtures.sampleJob(origin)).get("id").asString();
        awaitStatus(id, "succeeded");
        JsonNode stats = api.get("/api/stats").json();
        assertThat(stats.get("workers_online").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(stats.get("success_rate").asDouble()).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
        assertThat(stats.get("avg_stage_seconds").has("VERIFY")).isTrue();
        assertThat(stats.get("queue_depth").asInt()).isGreaterThanOrEqualTo(0);
        assertThat(stats.get("active_jobs").asInt()).isGreaterThanOrEqualTo(0);
        assertThat(stats.get("recent_failures").isArray()).isTrue();

        assertThat(api.get("/api/deploy/targets").json().get("items").isArray()).isTrue();

        TestApi.Response chat = api.post("/api/chat", Map.of("job_id", id, "messages", List.of()));
        assertRefused(chat, 503, null, null);
        assertThat(chat.json().get("detail").asString()).contains("No AI model is configured");
    }

    @Test
    void theProfilesARequestMayNameAreListedWithTheKindsOfCheckTheyRun() throws Exception {
        JsonNode items = api.get("/api/profiles").json().get("items");
        List<String> names = new java.util.ArrayList<>();
        items.forEach(i -> names.add(i.get("name").asString()));
        assertThat(names).containsExactly("maven", "gradle", "npm", "python", "go", "cargo", "make");
        assertThat(items.get(0).get("check_kinds").toString()).isEqualTo("[\"fetch\",\"test\"]");
        assertThat(items.get(0).get("egress_registry").asBoolean()).isTrue();
        assertThat(items.get(2).get("check_kinds").toString()).contains("\"scan\"");
        assertThat(items.get(5).get("egress_registry").asBoolean()).isFalse();
    }
}
