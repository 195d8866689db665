package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.matrix.architect.cli.SampleRepository;
import ai.matrix.architect.plan.FakeModelProvider;
import ai.matrix.architect.plan.FakeModelProvider.Answer;
import ai.matrix.architect.plan.PlanFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * LLM planning through the HTTP API, with the model played by a fake OpenAI-compatible server on loopback (the only
 * fake: git, the workspace, the sandbox and the test suite are real). A job without a plan gets one from the model,
 * PATCH applies it, VERIFY runs it; the prompt and answer are kept as artifacts with their digests; an invalid answer
 * is repaired once; a 503 is retried until the model answers; a refused key fails the job; chat answers on the same model.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LlmPlanningH2Test {
    static final Path ROOT = ServerTestSupport.tempDir("architect-llm");
    static final String KEY = "sk-e2e-planner-key-9f8e7d6c5b4a";
    static final String PLANTED = "PLANTED-ENV-SECRET-31337";
    static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    static final FakeModelProvider MODEL = FakeModelProvider.start(FakeModelProvider.Kind.OPENAI, KEY, r -> {
        String body = r.body();
        if (body.contains("You are the assistant of Matrix Architect")) {
            return new Answer.Text("PLAN and VERIFY succeeded; the job added mul() with two tests.");
        }
        int call = CALLS.computeIfAbsent(goalMarker(body), k -> new AtomicInteger())
                .incrementAndGet();
        if (body.contains("marker-refused")) return new Answer.Failure(401, "Incorrect API key provided: sk-e2***7d6c");
        if (body.contains("marker-flaky") && call <= 2) {
            return new Answer.Failure(503, "The engine is currently overloaded, please try again later.");
        }
        if (body.contains("marker-repair") && !body.contains("Your answer is not a valid plan")) {
            return new Answer.Text(
                    "{\"summary\": \"oops\", \"steps\": [{\"id\": \"s1\", \"ops\": [{\"op\": \"move\"}]}");
        }
        return new Answer.Text(PlanFixtures.fenced(PlanFixtures.mulPlan()));
    });

    private static String goalMarker(String body) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("marker-[a-z]+").matcher(body);
        return m.find() ? m.group() : "none";
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.common(r, ROOT);
        try {
            Path secrets = Files.createDirectories(ROOT.resolve("secrets"));
            Files.writeString(secrets.resolve("openai-key"), KEY);
            r.add("architect.secrets.dir", secrets::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        r.add("architect.planner.provider", () -> "openai");
        r.add("architect.planner.base-url", MODEL::baseUrl);
        r.add("architect.planner.model", () -> "gpt-test");
        r.add("architect.planner.api-key", () -> "file:openai-key");
        r.add("architect.planner.timeout", () -> "20s");
    }

    @AfterAll
    static void stopModel() {
        MODEL.close();
    }

    @LocalServerPort
    int port;

    TestApi api;
    Path origin;

    @BeforeEach
    void setUp() throws Exception {
        api = new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
        origin = sampleWithDotEnv();
    }

    /** The sample calculator, plus a .env file holding a secret that must never reach the model. */
    private static Path sampleWithDotEnv() throws IOException, InterruptedException {
        Path repos = ROOT.resolve("repos");
        Path work = Files.createTempDirectory(repos, "work");
        SampleRepository.create(work);
        Files.writeString(work.resolve(".env"), "OPENAI_API_KEY=" + PLANTED + "\n");
        Fixtures.run(work, "git", "add", "-f", ".env");
        Fixtures.run(work, "git", "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", "env");
        Path bare = repos.resolve("origin-" + System.nanoTime() + ".git");
        Fixtures.run(repos, "git", "clone", "--quiet", "--bare", work.toString(), bare.toString());
        return bare;
    }

    private Map<String, Object> jobWithoutPlan(String goal) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("repo", Map.of("kind", "git", "url", origin.toUri().toString(), "ref", "main"));
        body.put("goal", goal);
        body.put("verify", Map.of("commands", List.of(SampleRepository.VERIFY_COMMAND)));
        body.put("auto_execute", true);
        return body;
    }

    private JsonNode awaitEnd(String id) {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> List.of("succeeded", "failed", "cancelled", "rejected")
                        .contains(api.job(id).get("status").asString()));
        return api.job(id);
    }

    /** Runs a job without a plan to its end and checks that it succeeded. */
    private JsonNode succeededWithoutPlan(String goal) {
        JsonNode job = awaitEnd(api.createJob(jobWithoutPlan(goal)).get("id").asString());
        assertThat(job.get("status").asString())
                .as("error: %s", job.get("error"))
                .isEqualTo("succeeded");
        return job;
    }

    private List<FakeModelProvider.Request> requestsFor(String marker) {
        return MODEL.requests().stream().filter(r -> r.body().contains(marker)).toList();
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void aJobWithoutAPlanIsPlannedByTheModelPatchedVerifiedAndAudited() throws Exception {
        String goal = "Add multiplication to the calculator, with tests (marker-happy)";
        JsonNode job = succeededWithoutPlan(goal);
        String id = job.get("id").asString();
        JsonNode plan = job.get("stages").get(0);
        assertThat(plan.get("summary").asString()).isEqualTo("1 step (from planner:openai/gpt-test)");
        assertThat(job.at("/evidence/tests/passed").asInt()).isEqualTo(4);
        String pushed = Fixtures.git(origin, "rev-parse", "architect/" + id).strip();
        assertThat(Fixtures.git(origin, "show", pushed + ":calc.py")).contains("def mul(a, b):");

        // what the model was sent: the goal and the repository's files, never the planted .env secret or the key
        List<FakeModelProvider.Request> sent = requestsFor("marker-happy");
        assertThat(sent).hasSize(1);
        String user = sent.get(0).json().get("messages").get(1).get("content").asString();
        assertThat(user)
                .contains(goal)
                .contains("def sub(a, b):")
                .contains(SampleRepository.TEST_CALC.lines().findFirst().orElseThrow())
                .contains(job.get("base_commit").asString());
        assertThat(sent.get(0).body()).doesNotContain(PLANTED).doesNotContain(KEY);
        assertThat(sent.get(0).headers().get("authorization")).isEqualTo("Bearer " + KEY);

        // the plan records where it came from, and the artifacts hold exactly what was sent and answered
        JsonNode record = job.at("/plan/planner");
        assertThat(job.at("/plan/source").asString()).isEqualTo("planner:openai/gpt-test");
        assertThat(record.get("provider").asString()).isEqualTo("openai");
        assertThat(record.get("model").asString()).isEqualTo("gpt-test");
        assertThat(record.get("base_url_host").asString()).isEqualTo("127.0.0.1");
        assertThat(record.get("rounds").asInt()).isEqualTo(1);
        assertThat(record.at("/usage/input_tokens").asInt()).isEqualTo(FakeModelProvider.INPUT_TOKENS);
        assertThat(record.at("/usage/output_tokens").asInt()).isEqualTo(FakeModelProvider.OUTPUT_TOKENS);
        assertThat(record.at("/context/files").asInt()).isGreaterThanOrEqualTo(3);

        Map<String, JsonNode> artifacts = new LinkedHashMap<>();
        api.get("/api/artifacts/" + id)
                .json()
                .get("items")
                .forEach(a -> artifacts.put(a.get("name").asString(), a));
        assertThat(artifacts).containsKeys("planner-prompt.json", "planner-response.txt");
        assertThat(artifacts.get("planner-prompt.json").get("stage").asString()).isEqualTo("PLAN");
        assertThat(artifacts.get("planner-prompt.json").get("sha256").asString())
                .isEqualTo(record.get("prompt_sha256").asString());
        assertThat(artifacts.get("planner-response.txt").get("sha256").asString())
                .isEqualTo(record.get("response_sha256").asString());
        String response =
                api.get("/api/artifacts/" + id + "/planner-response.txt").body();
        assertThat(response).isEqualTo(PlanFixtures.fenced(PlanFixtures.mulPlan()));
        assertThat(sha256(response)).isEqualTo(record.get("response_sha256").asString());
        JsonNode prompt =
                api.get("/api/artifacts/" + id + "/planner-prompt.json").json();
        assertThat(prompt.at("/messages/1/content").asString()).isEqualTo(user);
        assertThat(api.get("/api/jobs/" + id + "/logs?stage=PLAN").body())
                .contains("asking planner:openai/gpt-test at 127.0.0.1")
                .doesNotContain(KEY);
    }

    @Test
    void anInvalidFirstAnswerIsRepairedOnce() {
        JsonNode job = succeededWithoutPlan("Add multiplication (marker-repair)");
        String id = job.get("id").asString();
        assertThat(job.at("/plan/planner/rounds").asInt()).isEqualTo(2);
        List<FakeModelProvider.Request> sent = requestsFor("marker-repair");
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).body())
                .contains("Your answer is not a valid plan")
                .contains("not a JSON object");
        assertThat(api.get("/api/jobs/" + id + "/logs?stage=PLAN").body()).contains("the repair round fixed it");
    }

    /** A server answering 503 twice and then 200: the stage is retried with backoff and the job succeeds. */
    @Test
    void aServerErrorOfTheModelIsRetriedByTheEngine() {
        JsonNode job = succeededWithoutPlan("Add multiplication (marker-flaky)");
        String id = job.get("id").asString();
        assertThat(job.get("stages").get(0).get("attempts").asInt()).isEqualTo(3);
        assertThat(requestsFor("marker-flaky")).hasSize(3);
        assertThat(api.get("/api/jobs/" + id + "/logs?stage=PLAN").body())
                .contains("transient failure, will retry")
                .contains("HTTP 503");
    }

    @Test
    void aRefusedKeyFailsTheJobNamingTheProviderButNotTheKey() {
        String id = api.createJob(jobWithoutPlan("Add multiplication (marker-refused)"))
                .get("id")
                .asString();
        JsonNode job = awaitEnd(id);

        assertThat(job.get("status").asString()).isEqualTo("failed");
        assertThat(job.get("stage").asString()).isEqualTo("PLAN");
        assertThat(job.get("stages").get(0).get("attempts").asInt()).isEqualTo(1);
        assertThat(job.get("error").asString())
                .contains("openai")
                .contains("HTTP 401")
                .contains("api-key")
                .doesNotContain(KEY)
                .doesNotContain("7d6c");
        assertThat(api.get("/api/jobs/" + id + "/logs").body()).doesNotContain(KEY);
    }

    @Test
    void chatAnswersOnTheModelWithTheJobAsContextAndOnlyForVisibleJobs() {
        String id = api.createJob(Fixtures.sampleJob(origin)).get("id").asString();
        awaitEnd(id);

        TestApi.Response chat =
                api.post("/api/chat", Map.of("message", "What did this job do? (marker-chat)", "job_id", id));
        assertThat(chat.status()).as(chat.body()).isEqualTo(200);
        assertThat(chat.json().get("reply").asString()).contains("added mul()");
        assertThat(chat.json().get("model").asString()).isEqualTo("gpt-test");
        JsonNode sent = requestsFor("marker-chat").get(0).json().get("messages");
        assertThat(sent.get(0).get("content").asString())
                .contains(id)
                .contains("status: succeeded")
                .contains("VERIFY: succeeded")
                .contains("Add multiplication to the calculator");
        assertThat(sent.get(sent.size() - 1).get("content").asString()).contains("marker-chat");

        // the UI sends the conversation so far
        TestApi.Response history = api.post(
                "/api/chat",
                Map.of(
                        "messages",
                        List.of(
                                Map.of("role", "user", "content", "hello"),
                                Map.of("role", "assistant", "content", "hi"),
                                Map.of("role", "user", "content", "and now? (marker-history)"))));
        assertThat(history.status()).as(history.body()).isEqualTo(200);
        assertThat(requestsFor("marker-history").get(0).json().get("messages")).hasSize(4);

        assertThat(api.post("/api/chat", Map.of("job_id", id)).status()).isEqualTo(400);
        assertThat(api.post("/api/chat", Map.of("message", "x", "job_id", "job_doesnotexist"))
                        .status())
                .isEqualTo(404);

        // a viewer outside the job's project is told the job does not exist, as on every other route
        assertThat(api.post("/api/projects", Map.of("name", "llm-hidden")).status())
                .isIn(201, 409);
        Map<String, Object> hidden = new LinkedHashMap<>(Fixtures.sampleJob(origin));
        hidden.put("project", "llm-hidden");
        hidden.put("auto_execute", false);
        String hiddenId = api.createJob(hidden).get("id").asString();
        assertThat(api.post(
                                "/api/users",
                                Map.of("username", "llm-viewer", "password", "llm-viewer-password", "role", "viewer"))
                        .status())
                .isIn(201, 409);
        TestApi viewer = new TestApi("http://localhost:" + port).login("llm-viewer", "llm-viewer-password");
        TestApi.Response refused = viewer.post("/api/chat", Map.of("message", "why?", "job_id", hiddenId));
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.body()).doesNotContain("llm-hidden");
        assertThat(viewer.post("/api/chat", Map.of("message", "hello")).status())
                .isEqualTo(200);
    }
}
