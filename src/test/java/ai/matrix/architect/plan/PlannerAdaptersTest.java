package ai.matrix.architect.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.matrix.architect.cli.SampleRepository;
import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.plan.FakeModelProvider.Answer;
import ai.matrix.architect.plan.FakeModelProvider.Kind;
import ai.matrix.architect.secret.FileSecretProvider;
import ai.matrix.architect.secret.Redactor;
import ai.matrix.architect.secret.Secrets;
import ai.matrix.architect.secret.SecretsProperties;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each planner adapter against a fake of its provider that speaks the provider's wire format over real HTTP: what
 * is sent (key header, model, prompt, context), how the answer is read (fence, usage), the repair round, and how
 * each kind of failure is reported.
 */
class PlannerAdaptersTest {
    static final String KEY = "sk-test-planner-0123456789abcdef";
    static final String GOAL = "Add multiplication to the calculator, with tests";
    static final String PLANTED = "PLANTED-DOTENV-SECRET-4242";

    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @TempDir
    Path dir;

    final Redactor redactor = new Redactor();
    final List<FakeModelProvider> fakes = new ArrayList<>();
    Secrets secrets;
    PlanningContext context;

    @BeforeEach
    void repositoryAndSecrets() throws IOException {
        Path secretDir = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secretDir.resolve("model-key"), KEY);
        secrets = new Secrets(
                List.of(new FileSecretProvider(secretDir)),
                new SecretsProperties("file", "ARCHITECT_SECRET_", "", "", "", "secret", "", "", "", Map.of()),
                redactor);
        Path repo = SampleRepository.create(dir.resolve("repo"));
        Files.writeString(repo.resolve(".env"), "TOKEN=" + PLANTED + "\n");
        context = RepoContext.collect(
                repo,
                "git file:///repo.git",
                "0123456789abcdef0123456789abcdef01234567",
                GOAL,
                new JobRequest.Constraints(true, true, false, 5, null, false),
                200_000);
    }

    @AfterEach
    void stopFakes() {
        fakes.forEach(FakeModelProvider::close);
    }

    FakeModelProvider fake(Kind kind, String key, java.util.function.Function<FakeModelProvider.Request, Answer> r) {
        FakeModelProvider f = FakeModelProvider.start(kind, key, r);
        fakes.add(f);
        return f;
    }

    Planner planner(PlannerProperties.Provider provider, String baseUrl, Duration timeout) {
        PlannerProperties props = new PlannerProperties(
                provider, baseUrl, "test-model", "file:model-key", timeout, DataSize.ofKilobytes(200), 0, 8192);
        return new Planners(props, secrets, JSON).planner().orElseThrow();
    }

    Planner planner(PlannerProperties.Provider provider, FakeModelProvider fake) {
        return planner(provider, fake.baseUrl(), Duration.ofSeconds(20));
    }

    static void assertSentTheContext(String userMessage) {
        assertThat(userMessage)
                .contains(GOAL)
                .contains("===== file: calc.py =====")
                .contains("def sub(a, b):")
                .contains("tests/test_calc.py")
                .contains("\"max_changed_files\":5")
                .doesNotContain(PLANTED);
    }

    @Test
    void openAiCompatibleServerGetsTheKeyTheSchemaAndTheRepositoryAndItsFencedAnswerIsThePlan() throws Exception {
        FakeModelProvider fake =
                fake(Kind.OPENAI, KEY, r -> new Answer.Text(PlanFixtures.fenced(PlanFixtures.mulPlan())));
        Planner planner = planner(PlannerProperties.Provider.OPENAI, fake);
        assertThat(planner.source()).isEqualTo("planner:openai/test-model");

        Planned planned = planner.plan(context);

        assertThat(planned.plan().steps()).hasSize(1);
        assertThat(planned.plan().steps().get(0).ops())
                .extracting(JobRequest.Op::path)
                .contains("tests/test_mul.py");
        assertThat(planned.rounds()).isEqualTo(1);
        assertThat(planned.usage())
                .isEqualTo(new Planned.Usage(
                        FakeModelProvider.INPUT_TOKENS,
                        FakeModelProvider.OUTPUT_TOKENS,
                        FakeModelProvider.INPUT_TOKENS + FakeModelProvider.OUTPUT_TOKENS));
        assertThat(planned.response()).isEqualTo(PlanFixtures.fenced(PlanFixtures.mulPlan()));

        assertThat(fake.requests()).hasSize(1);
        FakeModelProvider.Request sent = fake.requests().get(0);
        assertThat(sent.headers().get("authorization")).isEqualTo("Bearer " + KEY);
        JsonNode body = sent.json();
        assertThat(body.get("model").asString()).isEqualTo("test-model");
        assertThat(body.get("temperature").asDouble()).isZero();
        JsonNode messages = body.get("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).get("role").asString()).isEqualTo("system");
        assertThat(messages.get(0).get("content").asString())
                .contains("ONLY one JSON object")
                .contains("\"$schema\"")
                .contains("\"enum\": [\"create\", \"update\", \"upsert\"]");
        assertThat(messages.get(1).get("role").asString()).isEqualTo("user");
        assertSentTheContext(messages.get(1).get("content").asString());

        // the audit record holds exactly the messages that went out
        JsonNode prompt = JSON.readTree(planned.prompt());
        assertThat(prompt.get("provider").asString()).isEqualTo("openai");
        assertThat(prompt.get("model").asString()).isEqualTo("test-model");
        assertThat(prompt.get("base_url_host").asString()).isEqualTo("127.0.0.1");
        assertThat(prompt.get("messages").get(1).get("content").asString())
                .isEqualTo(messages.get(1).get("content").asString());
        assertThat(prompt.get("messages").get(0).get("content").asString())
                .isEqualTo(messages.get(0).get("content").asString());
        // the key was resolved through Secrets, so every log and artifact masks it from now on
        assertThat(redactor.redact("key=" + KEY)).doesNotContain(KEY).contains(Redactor.MASK);
    }

    @Test
    void anthropicGetsItsKeyHeaderVersionSystemFieldAndTokenLimit() throws Exception {
        FakeModelProvider fake = fake(Kind.ANTHROPIC, KEY, r -> new Answer.Text(PlanFixtures.mulPlan()));
        Planned planned = planner(PlannerProperties.Provider.ANTHROPIC, fake).plan(context);

        assertThat(planned.plan().summary()).isEqualTo("Add mul() and test it");
        assertThat(planned.usage().inputTokens()).isEqualTo(FakeModelProvider.INPUT_TOKENS);
        assertThat(planned.usage().outputTokens()).isEqualTo(FakeModelProvider.OUTPUT_TOKENS);
        FakeModelProvider.Request sent = fake.requests().get(0);
        assertThat(sent.headers().get("x-api-key")).isEqualTo(KEY);
        assertThat(sent.headers().get("anthropic-version")).isEqualTo("2023-06-01");
        JsonNode body = sent.json();
        assertThat(body.get("max_tokens").asInt()).isEqualTo(8192);
        assertThat(body.get("model").asString()).isEqualTo("test-model");
        assertThat(body.get("system").toString()).contains("ONLY one JSON object");
        assertThat(body.get("messages")).hasSize(1);
        // Anthropic's content is a list of blocks; the text block carries the message
        JsonNode content = body.get("messages").get(0).get("content");
        String text = content.isArray() ? content.get(0).get("text").asString() : content.asString();
        assertSentTheContext(text);
    }

    @Test
    void ollamaIsAskedForOneNonStreamingAnswer() throws Exception {
        FakeModelProvider fake =
                fake(Kind.OLLAMA, null, r -> new Answer.Text(PlanFixtures.fenced(PlanFixtures.mulPlan())));
        PlannerProperties props = new PlannerProperties(
                PlannerProperties.Provider.OLLAMA,
                fake.baseUrl(),
                "llama-test",
                "",
                Duration.ofSeconds(20),
                DataSize.ofKilobytes(200),
                0,
                8192);
        Planner planner = new Planners(props, secrets, JSON).planner().orElseThrow();
        Planned planned = planner.plan(context);

        assertThat(planner.source()).isEqualTo("planner:ollama/llama-test");
        assertThat(planned.plan().steps()).hasSize(1);
        assertThat(planned.usage().inputTokens()).isEqualTo(FakeModelProvider.INPUT_TOKENS);
        JsonNode body = fake.requests().get(0).json();
        assertThat(body.get("stream").asBoolean()).isFalse();
        assertThat(body.get("model").asString()).isEqualTo("llama-test");
        assertThat(body.at("/options/temperature").asDouble()).isZero();
        assertThat(body.get("messages").get(0).get("role").asString()).isEqualTo("system");
        assertSentTheContext(body.get("messages").get(1).get("content").asString());
        assertThat(fake.requests().get(0).headers()).doesNotContainKey("authorization");
    }

    @Test
    void anInvalidPlanGetsOneRepairRoundThatSendsItsFieldErrorsBack() throws Exception {
        FakeModelProvider fake = fake(
                Kind.OPENAI,
                KEY,
                r -> r.body().contains("Your answer is not a valid plan")
                        ? new Answer.Text(PlanFixtures.mulPlan())
                        : new Answer.Text(PlanFixtures.escapingPlan()));
        Planned planned = planner(PlannerProperties.Provider.OPENAI, fake).plan(context);

        assertThat(planned.rounds()).isEqualTo(2);
        assertThat(planned.plan().steps().get(0).id()).isEqualTo("s1");
        assertThat(planned.usage().inputTokens()).isEqualTo(2 * FakeModelProvider.INPUT_TOKENS);
        assertThat(fake.requests()).hasSize(2);
        JsonNode second = fake.requests().get(1).json().get("messages");
        assertThat(second).hasSize(4);
        assertThat(second.get(2).get("role").asString()).isEqualTo("assistant");
        assertThat(second.get(2).get("content").asString()).isEqualTo(PlanFixtures.escapingPlan());
        assertThat(second.get(3).get("role").asString()).isEqualTo("user");
        assertThat(second.get(3).get("content").asString())
                .contains("steps[0].ops[0].path: must stay inside the repository (no '..')")
                .contains("ONLY the corrected JSON object");
        assertThat(JSON.readTree(planned.prompt()).get("messages")).hasSize(4);
    }

    @Test
    void aPlanStillInvalidAfterTheRepairRoundFailsWithTheFieldErrors() {
        FakeModelProvider fake = fake(Kind.OPENAI, KEY, r -> new Answer.Text("I cannot do that."));
        PlannerException e = catchThrowableOfType(
                PlannerException.class,
                () -> planner(PlannerProperties.Provider.OPENAI, fake).plan(context));

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage())
                .contains("openai")
                .contains("not a valid plan")
                .contains("not a JSON object");
        assertThat(e.errors()).isNotEmpty();
        assertThat(e.partial().response()).isEqualTo("I cannot do that.");
        assertThat(fake.requests()).hasSize(2);
        assertThat(fake.requests().get(1).body()).contains("is not a JSON object");
    }

    @Test
    void aRefusedKeyIsAPlainFailureNamingProviderAndStatusButNeverTheKey() throws IOException {
        FakeModelProvider openAi = fake(Kind.OPENAI, "sk-the-right-key-000000", r -> new Answer.Text("{}"));
        PlannerException e = catchThrowableOfType(
                PlannerException.class,
                () -> planner(PlannerProperties.Provider.OPENAI, openAi).plan(context));
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage())
                .contains("openai")
                .contains("127.0.0.1")
                .contains("HTTP 401")
                .doesNotContain(KEY)
                .doesNotContain(KEY.substring(KEY.length() - 4))
                .doesNotContain("Incorrect API key");

        FakeModelProvider anthropic = fake(Kind.ANTHROPIC, "another-key", r -> new Answer.Text("{}"));
        PlannerException a = catchThrowableOfType(
                PlannerException.class,
                () -> planner(PlannerProperties.Provider.ANTHROPIC, anthropic).plan(context));
        assertThat(a.retryable()).isFalse();
        assertThat(a.getMessage()).contains("anthropic").contains("HTTP 401").doesNotContain(KEY);
    }

    @Test
    void serverErrorsRateLimitsTimeoutsAndUnreachableProvidersAreWorthRetrying() throws IOException {
        FakeModelProvider fake = fake(Kind.OPENAI, KEY, r -> new Answer.Failure(500, "The server had an error"));
        PlannerException e500 = catchThrowableOfType(
                PlannerException.class,
                () -> planner(PlannerProperties.Provider.OPENAI, fake).plan(context));
        assertThat(e500.retryable()).isTrue();
        assertThat(e500.getMessage()).contains("openai").contains("HTTP 500");
        assertThat(fake.requests()).as("LangChain4j's own retries are off").hasSize(1);

        fake.respond(r -> new Answer.Failure(429, "Rate limit reached"));
        PlannerException e429 = catchThrowableOfType(
                PlannerException.class,
                () -> planner(PlannerProperties.Provider.OPENAI, fake).plan(context));
        assertThat(e429.retryable()).isTrue();
        assertThat(e429.getMessage()).contains("HTTP 429");

        fake.respond(r -> new Answer.Slow(Duration.ofSeconds(5), PlanFixtures.mulPlan()));
        PlannerException slow = catchThrowableOfType(
                PlannerException.class,
                () -> planner(PlannerProperties.Provider.OPENAI, fake.baseUrl(), Duration.ofSeconds(1))
                        .plan(context));
        assertThat(slow.retryable()).isTrue();
        assertThat(slow.getMessage()).contains("openai").contains("did not answer in time");

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        PlannerException down = catchThrowableOfType(
                PlannerException.class,
                () -> planner(
                                PlannerProperties.Provider.ANTHROPIC,
                                "http://127.0.0.1:" + closed + "/v1",
                                Duration.ofSeconds(5))
                        .plan(context));
        assertThat(down.retryable()).isTrue();
        assertThat(down.getMessage()).contains("anthropic").contains("could not be reached");
    }

    @Test
    void aMissingSecretIsReportedByItsReference() {
        PlannerProperties props = new PlannerProperties(
                PlannerProperties.Provider.OPENAI,
                "http://127.0.0.1:9/v1",
                "m",
                "file:no-such-key",
                Duration.ofSeconds(5),
                DataSize.ofKilobytes(200),
                0,
                8192);
        assertThatThrownBy(() -> new Planners(props, secrets, JSON)
                        .planner()
                        .orElseThrow()
                        .plan(context))
                .isInstanceOf(PlannerException.class)
                .hasMessageContaining("file:no-such-key")
                .hasMessageContaining("does not exist");
        PlannerProperties vault = new PlannerProperties(
                PlannerProperties.Provider.OPENAI,
                "http://127.0.0.1:9/v1",
                "m",
                "vault:openai",
                Duration.ofSeconds(5),
                DataSize.ofKilobytes(200),
                0,
                8192);
        assertThatThrownBy(() -> new Planners(vault, secrets, JSON))
                .hasMessageContaining("secret provider 'vault'")
                .hasMessageContaining("not configured");
    }

    @Test
    void matrixAiGetsGoalRepoConstraintsAndContextAndAnswersWithAPlan() throws Exception {
        FakeModelProvider fake =
                fake(Kind.MATRIX_AI, KEY, r -> new Answer.Text("{\"plan\": " + PlanFixtures.mulPlan() + "}"));
        Planner planner = planner(PlannerProperties.Provider.MATRIX_AI, fake);
        Planned planned = planner.plan(context);

        assertThat(planner.source()).isEqualTo("planner:matrix-ai/test-model");
        assertThat(planned.plan().steps()).hasSize(1);
        assertThat(planned.usage()).isNull();
        FakeModelProvider.Request sent = fake.requests().get(0);
        assertThat(sent.headers().get("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.headers().get("content-type")).startsWith("application/json");
        JsonNode body = sent.json();
        assertThat(body.get("goal").asString()).isEqualTo(GOAL);
        assertThat(body.at("/repo/commit").asString()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
        assertThat(body.at("/repo/name").asString()).isEqualTo("git file:///repo.git");
        assertThat(body.at("/constraints/max_changed_files").asInt()).isEqualTo(5);
        List<String> paths = new ArrayList<>();
        body.at("/context/files").forEach(f -> paths.add(f.get("path").asString()));
        assertThat(paths).contains("calc.py", "tests/test_calc.py").doesNotContain(".env");
        assertThat(body.at("/context/tree").toString()).contains("run_tests.py");
        assertThat(sent.body()).doesNotContain(PLANTED);
        assertThat(JSON.readTree(planned.prompt())).isEqualTo(body);
        assertThat(planned.response()).isEqualTo("{\"plan\": " + PlanFixtures.mulPlan() + "}");
    }

    @Test
    void matrixAiFailuresAndInvalidPlans() {
        FakeModelProvider fake = fake(Kind.MATRIX_AI, KEY, r -> new Answer.Failure(503, "overloaded"));
        PlannerException down = catchThrowableOfType(
                PlannerException.class,
                () -> planner(PlannerProperties.Provider.MATRIX_AI, fake).plan(context));
        assertThat(down.retryable()).isTrue();
        assertThat(down.getMessage()).contains("matrix-ai").contains("HTTP 503");

        fake.respond(r -> new Answer.Text(PlanFixtures.escapingPlan()));
        PlannerException invalid = catchThrowableOfType(
                PlannerException.class,
                () -> planner(PlannerProperties.Provider.MATRIX_AI, fake).plan(context));
        assertThat(invalid.retryable()).isFalse();
        assertThat(invalid.errors())
                .extracting(ai.matrix.architect.job.FieldError::field)
                .containsExactly("steps[0].ops[0].path");
        assertThat(fake.requests()).as("no repair round for Matrix AI").hasSize(2);

        FakeModelProvider wrongKey = fake(Kind.MATRIX_AI, "other", r -> new Answer.Text(PlanFixtures.mulPlan()));
        PlannerException refused = catchThrowableOfType(
                PlannerException.class,
                () -> planner(PlannerProperties.Provider.MATRIX_AI, wrongKey).plan(context));
        assertThat(refused.retryable()).isFalse();
        assertThat(refused.getMessage())
                .contains("matrix-ai")
                .contains("HTTP 401")
                .doesNotContain(KEY);
    }
}
