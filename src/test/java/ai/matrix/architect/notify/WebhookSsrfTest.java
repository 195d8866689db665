package ai.matrix.architect.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.matrix.architect.job.JobEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The configured webhooks of a real server, delivered through {@link Webhooks#deliver}: loopback (by name) and the
 * metadata address are refused at start-up and before every delivery, and an allowed receiver that redirects to
 * loopback makes the delivery fail without the redirect target ever seeing a connection.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:webhook-ssrf;DB_CLOSE_DELAY=-1",
            "architect.admin-password=webhook-ssrf-admin-1",
            "architect.sandbox=none",
            "architect.notify.secret=webhook-ssrf-secret",
            "architect.notify.dispatch-interval=1h",
            // only the literal 127.0.0.1 (the redirecting receiver) is allowed; the name localhost is not
            "architect.network.allow=127.0.0.1"
        })
@ExtendWith(OutputCaptureExtension.class)
class WebhookSsrfTest {
    static final Listeners.Counting TARGET;
    static final Listeners.Answering REDIRECTING;

    static {
        try {
            TARGET = new Listeners.Counting();
            REDIRECTING = new Listeners.Answering(302, "http://127.0.0.1:" + TARGET.port() + "/internal");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws IOException {
        var data = Files.createTempDirectory("webhook-ssrf");
        r.add("architect.data-dir", data::toString);
        r.add("architect.notify.webhooks[0]", () -> "http://localhost:" + TARGET.port() + "/hook");
        r.add("architect.notify.webhooks[1]", () -> "http://169.254.169.254/latest/meta-data/");
        r.add("architect.notify.webhooks[2]", () -> REDIRECTING.url("/hook"));
    }

    @AfterAll
    static void close() throws IOException {
        REDIRECTING.close();
        TARGET.close();
    }

    @Autowired
    Webhooks webhooks;

    @Autowired
    JobEvents events;

    @Test
    void refusedBeforeConnectingAndRedirectsNotFollowed(CapturedOutput output) throws Exception {
        events.append("job_ssrf", "job", Map.of("status", "failed"));
        long id = events.lastId();

        webhooks.deliver(id + "-0"); // loopback by name: refused, not retried
        webhooks.deliver(id + "-1"); // metadata address: refused, not retried
        assertThat(output.getAll())
                // at start-up, before anything was due
                .contains("webhook URL ARCHITECT_NOTIFY_WEBHOOKS_0 (architect.notify.webhooks[0]) (http://localhost:"
                        + TARGET.port() + "/hook) is refused")
                .contains(
                        "webhook URL ARCHITECT_NOTIFY_WEBHOOKS_1 (architect.notify.webhooks[1]) (http://169.254.169.254/latest/meta-data/) is"
                                + " refused")
                .doesNotContain("(architect.notify.webhooks[2])")
                .contains(
                        "webhook " + id + "-0 not sent: the URL http://localhost:" + TARGET.port() + "/hook is refused")
                .contains("webhook " + id + "-1 not sent: the URL http://169.254.169.254/latest/meta-data/ is refused")
                .contains("a cloud metadata address");

        assertThatThrownBy(() -> webhooks.deliver(id + "-2"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("answered HTTP 302")
                .hasMessageContaining("redirects are not followed");
        assertThat(REDIRECTING.requests).isNotEmpty();
        assertThat(REDIRECTING.requests.get(0).signature()).startsWith("sha256=");

        Thread.sleep(200); // let a connection that slipped through be counted
        assertThat(TARGET.connections.get()).isZero();
    }
}
