package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.matrix.architect.ArchitectApplication;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With no OTLP endpoint configured, each mode starts, traces in-process (log correlation) and sends nothing: a
 * receiver on OTLP/HTTP's default port (where an exporter falling back to its defaults would post, as the OTLP
 * meter registry does) stays silent through start, traced work, a flush and shutdown. Prometheus still answers.
 */
class TracingOffByDefaultTest {
    static final int OTLP_HTTP_DEFAULT_PORT = 4318;
    static OtlpReceiver defaultCollector;

    @BeforeAll
    static void listenWhereDefaultsWouldSend() {
        try {
            defaultCollector =
                    OtlpReceiver.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), OTLP_HTTP_DEFAULT_PORT));
        } catch (IOException e) {
            // something else owns the port on this machine; the silence could not be observed
            assumeTrue(false, "port " + OTLP_HTTP_DEFAULT_PORT + " is taken: " + e.getMessage());
        }
    }

    @AfterAll
    static void stop() {
        if (defaultCollector != null) defaultCollector.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"serve", "api", "worker"})
    void eachModeStartsTracesLocallyAndExportsNothing(String mode) throws Exception {
        Path root = ServerTestSupport.tempDir("architect-notrace-" + mode);
        Files.createDirectories(root.resolve("repos"));
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ArchitectApplication.class)
                .properties(Map.of(
                        "architect.mode",
                        mode,
                        "server.port",
                        "0",
                        "architect.data-dir",
                        root.resolve("data").toString(),
                        "architect.repo-roots",
                        root.resolve("repos").toString(),
                        "architect.admin-password",
                        ServerTestSupport.ADMIN_PASSWORD,
                        "architect.prometheus-public",
                        "true",
                        // every span is sampled, so that any exporter there was would have something to send
                        "management.tracing.sampling.probability",
                        "1.0"))
                .run()) {
            TestApi api = new TestApi("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
            // a first request, so that the scrape below has a traced server request to count; every mode is healthy
            // (api mode does not count db-scheduler, whose scheduler it never starts)
            assertThat(api.get("/actuator/health").status()).isEqualTo(200);
            TestApi.Response prometheus = api.get("/actuator/prometheus");
            assertThat(prometheus.status()).isEqualTo(200);
            assertThat(prometheus.body()).contains("http_server_requests_seconds");

            AtomicReference<String> traceId = new AtomicReference<>();
            Tracer tracer = app.getBean(Tracer.class);
            Observation.createNotStarted("architect.test", app.getBean(ObservationRegistry.class))
                    .observe(() -> traceId.set(tracer.currentSpan().context().traceId()));
            assertThat(traceId.get()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));

            assertThat(app.getBeansOfType(SpanExporter.class)).isEmpty();
            assertThat(app.getBeansOfType(OtlpMeterRegistry.class)).isEmpty();
            assertThat(app.getBean(SdkTracerProvider.class)
                            .forceFlush()
                            .join(10, TimeUnit.SECONDS)
                            .isSuccess())
                    .isTrue();
        }
        assertThat(defaultCollector.requests()).isEmpty();
    }
}
