package ai.matrix.architect.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The Guardian client against a fake server speaking Matrix Guardian's and OPA's wire formats. */
class GuardianClientTest {
    private final ObjectMapper json = JsonMapper.builder().build();
    private HttpServer server;
    private final AtomicReference<String> path = new AtomicReference<>();
    private final AtomicReference<JsonNode> received = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile String answer = "{}";
    private volatile boolean hang;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        path.set(ex.getRequestURI().getPath());
        received.set(json.readTree(ex.getRequestBody().readAllBytes()));
        if (hang) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = answer.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    private GuardianClient client(String url, boolean failOpen) {
        GateProperties props = new GateProperties(
                Duration.ofHours(1),
                Duration.ofMinutes(1),
                new GateProperties.Guardian(url, "auto", Duration.ofMillis(500), failOpen, ""));
        return new GuardianClient(props, json);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static Map<String, Object> input() {
        return DefaultPolicyTest.clean();
    }

    @Test
    void matrixGuardianAllow() {
        answer = """
                {"grant_id": "pg_1", "plan_id": "job_1", "decision": "allow", "allowed_capabilities": [],
                 "risk_profile": {"overall_risk": "low", "reasons": ["low-risk known capabilities"]}}""";
        GuardianAnswer a = client(base(), false).ask("job_1", input());
        assertThat(a.decision()).isEqualTo("allow");
        assertThat(a.format()).isEqualTo("matrix");
        assertThat(a.reasons()).containsExactly("low-risk known capabilities");
        assertThat(a.latencyMs()).isGreaterThanOrEqualTo(0);
        assertThat(path.get()).isEqualTo("/v1/evaluate");
        assertThat(received.get().path("plan").path("plan_id").asString()).isEqualTo("job_1");
        assertThat(received.get()
                        .path("input")
                        .path("evidence")
                        .path("tests")
                        .path("passed")
                        .asLong())
                .isEqualTo(5);
    }

    @Test
    void matrixGuardianDenyAndApproval() {
        answer = """
                {"decision": "deny", "risk_profile": {"reasons": ["forbidden capabilities: secrets.read"]}}""";
        GuardianAnswer a = client(base(), false).ask("job_1", input());
        assertThat(a.decision()).isEqualTo("deny");
        assertThat(a.reasons()).containsExactly("forbidden capabilities: secrets.read");

        answer = "{\"decision\": \"require_human_approval\", \"risk_profile\": {\"reasons\": [\"risk=high\"]}}";
        assertThat(client(base(), false).ask("job_1", input()).decision()).isEqualTo("require_approval");
    }

    @Test
    void slowGuardianDeniesUnlessFailOpen() {
        hang = true;
        GuardianAnswer a = client(base(), false).ask("job_1", input());
        assertThat(a.decision()).isEqualTo("deny");
        assertThat(a.error()).contains("did not answer within 500 ms");
        assertThat(a.latencyMs()).isGreaterThanOrEqualTo(400);

        GuardianAnswer open = client(base(), true).ask("job_1", input());
        assertThat(open.decision()).isEqualTo("allow");
        assertThat(open.reasons().get(0)).contains("fail open");
    }

    @Test
    void serverErrorDenies() {
        status = 500;
        answer = "{\"error\": \"boom\"}";
        GuardianAnswer a = client(base(), false).ask("job_1", input());
        assertThat(a.decision()).isEqualTo("deny");
        assertThat(a.httpStatus()).isEqualTo(500);
        assertThat(a.error()).contains("HTTP 500");
    }

    @Test
    void unreachableGuardianDenies() {
        int port = server.getAddress().getPort();
        server.stop(0);
        GuardianAnswer a = client("http://127.0.0.1:" + port, false).ask("job_1", input());
        assertThat(a.decision()).isEqualTo("deny");
    }

    @Test
    void opaDataApi() {
        GuardianClient opa = client(base() + "/v1/data/matrix/gate", false);
        answer = "{\"result\": {\"allow\": true, \"reasons\": []}}";
        GuardianAnswer a = opa.ask("job_1", input());
        assertThat(a.format()).isEqualTo("opa");
        assertThat(a.decision()).isEqualTo("allow");
        assertThat(path.get()).isEqualTo("/v1/data/matrix/gate");
        assertThat(received.get().has("plan")).isFalse();
        assertThat(received.get()
                        .path("input")
                        .path("deploy")
                        .path("environment")
                        .asString())
                .isEqualTo("none");

        answer = "{\"result\": {\"allow\": false, \"deny\": [\"no friday deploys\"]}}";
        a = opa.ask("job_1", input());
        assertThat(a.decision()).isEqualTo("deny");
        assertThat(a.reasons()).containsExactly("no friday deploys");

        answer = "{\"result\": {\"decision\": \"require_approval\"}}";
        assertThat(opa.ask("job_1", input()).decision()).isEqualTo("require_approval");

        answer = "{\"result\": true}";
        assertThat(opa.ask("job_1", input()).decision()).isEqualTo("allow");

        answer = "{}"; // undefined document
        a = opa.ask("job_1", input());
        assertThat(a.decision()).isEqualTo("deny");
        assertThat(a.error()).contains("no result");
    }

    @Test
    void bothMustAllow() {
        answer = "{\"decision\": \"deny\", \"risk_profile\": {\"reasons\": [\"no\"]}}";
        GateEvaluator evaluator = new GateEvaluator(client(base(), false));
        CompiledPolicy policy =
                new PolicyCompiler().compile(Policies.defaultSource(), 1).policy();
        GateResult r = evaluator.evaluate("job_1", input(), List.of(policy), true);
        assertThat(r.decision()).isEqualTo("deny");
        assertThat(r.guardian().decision()).isEqualTo("deny");
        assertThat(r.reasons()).containsExactly("Guardian: deny (no)");
    }
}
