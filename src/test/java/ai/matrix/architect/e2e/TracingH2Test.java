package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.matrix.architect.e2e.OtlpReceiver.ExportedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Traces as a collector receives them: the server exports OTLP/HTTP to a receiver on loopback while real jobs run
 * through the HTTP API. A job is one trace, from the request that created it (or the traced caller of that
 * request) through every stage; the JSON log lines written during a stage carry that stage's span.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // structured logging is set up before dynamic properties exist, so it is asked for here
        properties = "logging.structured.format.console=logstash")
@ExtendWith(OutputCaptureExtension.class)
class TracingH2Test {
    static final Path ROOT = ServerTestSupport.tempDir("architect-tracing");
    static final OtlpReceiver COLLECTOR = startCollector();

    private static OtlpReceiver startCollector() {
        try {
            return OtlpReceiver.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.common(r, ROOT);
        r.add("management.opentelemetry.tracing.export.otlp.endpoint", COLLECTOR::tracesUrl);
        r.add("management.tracing.sampling.probability", () -> "1.0");
        r.add("management.opentelemetry.tracing.export.schedule-delay", () -> "100ms");
    }

    @AfterAll
    static void stopCollector() {
        COLLECTOR.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aJobIsOneTraceFromTheRequestThatCreatedItThroughEveryStage(CapturedOutput output) throws Exception {
        TestApi api = new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
        JsonNode passing = api.createJob(Fixtures.sampleJob(Fixtures.bareSampleRepo(ROOT.resolve("repos"))));
        // this one is created by a caller that is itself traced: the job joins the caller's trace
        JsonNode failing =
                createAsTracedCaller(api, Fixtures.failingJob(Fixtures.bareSampleRepo(ROOT.resolve("repos"))));
        String passingId = passing.get("id").asString();
        String failingId = failing.get("id").asString();
        // a job that kept no trace context (created before there was one, or with propagation turned off)
        Map<String, Object> later =
                new LinkedHashMap<>(Fixtures.sampleJob(Fixtures.bareSampleRepo(ROOT.resolve("repos"))));
        later.put("auto_execute", false);
        String untracedId = api.createJob(later).get("id").asString();
        jdbc.sql("update jobs set trace_context = null where id = ?")
                .param(untracedId)
                .update();
        assertThat(api.post("/api/execute/" + untracedId, Map.of()).status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> stages(passingId).size() == 6
                        && stages(failingId).size() == 3
                        && stages(untracedId).size() == 6);

        List<ExportedSpan> ok = stages(passingId);
        assertThat(ok)
                .extracting(ExportedSpan::name)
                .containsExactly(
                        "stage PLAN", "stage PATCH", "stage VERIFY", "stage GATE", "stage DEPLOY", "stage PUBLISH");
        assertThat(ok)
                .extracting(s -> s.attribute("outcome"))
                .containsExactly("succeeded", "succeeded", "succeeded", "succeeded", "skipped", "succeeded");
        assertThat(ok).allSatisfy(s -> {
            assertThat(s.kind()).isEqualTo(SpanKind.SPAN_KIND_CONSUMER);
            assertThat(s.attribute("attempt")).isEqualTo("1");
            assertThat(s.attribute("stage")).isEqualTo(s.name().substring("stage ".length()));
            assertThat(s.attribute("project")).isEqualTo(passing.get("project").asString());
            assertThat(s.resource()).containsEntry("service.name", "matrix-architect");
        });

        List<ExportedSpan> bad = stages(failingId);
        assertThat(bad).extracting(ExportedSpan::name).containsExactly("stage PLAN", "stage PATCH", "stage VERIFY");
        assertThat(bad).extracting(s -> s.attribute("outcome")).containsExactly("succeeded", "succeeded", "failed");

        // each job's stages continue the trace of the POST that created it, through the job's submit span
        assertThat(traceOf(ok)).isNotEqualTo(CALLER_TRACE);
        assertThat(traceOf(bad)).isEqualTo(CALLER_TRACE);
        for (String jobId : List.of(passingId, failingId)) {
            List<ExportedSpan> stages = stages(jobId);
            ExportedSpan submit = only(s -> s.name().equals("job submit") && jobId.equals(s.attribute("job.id")));
            assertThat(submit.kind()).isEqualTo(SpanKind.SPAN_KIND_PRODUCER);
            assertThat(stages).allSatisfy(s -> {
                assertThat(s.traceId()).isEqualTo(submit.traceId());
                assertThat(s.parentSpanId()).isEqualTo(submit.spanId());
            });
            ExportedSpan request = only(
                    s -> s.kind() == SpanKind.SPAN_KIND_SERVER && s.traceId().equals(submit.traceId()));
            assertThat(request.name()).isEqualTo("http post /api/jobs");
            assertThat(request.attribute("method")).isEqualTo("POST");
            assertThat(request.attribute("uri")).isEqualTo("/api/jobs");
            assertThat(request.attribute("status")).isEqualTo("201");
            assertThat(request.parentSpanId()).isEqualTo(jobId.equals(failingId) ? CALLER_SPAN : "");
        }

        // the same observation is the stage timer, tagged alike
        assertThat(api.get("/actuator/prometheus").body())
                .contains("architect_stage_duration_seconds_count{attempt=\"1\",error=\"none\",outcome=\"failed\","
                        + "stage=\"VERIFY\"} 1");

        // without a kept context the job still runs and is traced, each stage as a trace of its own
        List<ExportedSpan> untraced = stages(untracedId);
        assertThat(untraced)
                .extracting(ExportedSpan::name)
                .isEqualTo(ok.stream().map(ExportedSpan::name).toList());
        assertThat(untraced).allSatisfy(s -> assertThat(s.parentSpanId()).isEmpty());
        assertThat(untraced.stream().map(ExportedSpan::traceId).distinct()).hasSize(6);

        // the JSON log line of a stage names the stage's span, under our field names
        ExportedSpan verify = ok.get(2);
        JsonNode line = output.getOut()
                .lines()
                .filter(l -> l.startsWith("{") && l.contains(passingId))
                .map(TestApi.JSON::readTree)
                .filter(j -> "VERIFY".equals(j.path("stage").asString(null))
                        && j.path("message").asString("").contains("attempt 1"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no JSON log line of " + passingId + " VERIFY"));
        assertThat(line.path("job_id").asString("")).isEqualTo(passingId);
        assertThat(line.path("trace_id").asString("")).as(line.toString()).isEqualTo(verify.traceId());
        assertThat(line.path("span_id").asString("")).as(line.toString()).isEqualTo(verify.spanId());
        assertThat(line.has("traceId")).isFalse();
    }

    static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String CALLER_SPAN = "00f067aa0ba902b7";

    private JsonNode createAsTracedCaller(TestApi api, Map<String, Object> body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/jobs"))
                .header("Authorization", "Bearer " + api.token())
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01")
                .POST(HttpRequest.BodyPublishers.ofString(TestApi.JSON.writeValueAsString(body)))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            return TestApi.JSON.readTree(response.body());
        }
    }

    private static List<ExportedSpan> stages(String jobId) {
        return COLLECTOR.spans().stream()
                .filter(s -> s.name().startsWith("stage ") && jobId.equals(s.attribute("job.id")))
                .sorted(Comparator.comparingLong(ExportedSpan::startNanos))
                .toList();
    }

    private static String traceOf(List<ExportedSpan> spans) {
        Set<String> traces = spans.stream().map(ExportedSpan::traceId).collect(Collectors.toSet());
        assertThat(traces).hasSize(1);
        return traces.iterator().next();
    }

    private static ExportedSpan only(Predicate<ExportedSpan> which) {
        List<ExportedSpan> found = COLLECTOR.spans().stream().filter(which).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
