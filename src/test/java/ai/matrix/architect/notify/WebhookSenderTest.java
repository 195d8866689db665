package ai.matrix.architect.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.matrix.architect.net.AddressPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The webhook client against real sockets: what it refuses before connecting, where it connects, no redirects. */
class WebhookSenderTest {
    private static final byte[] BODY = "{\"event\":\"failed\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void probesAreRefusedBeforeConnectingByDefault() throws Exception {
        WebhookSender sender = new WebhookSender(AddressPolicy.defaults(), Duration.ofSeconds(5));
        try (var listener = new Listeners.Counting()) {
            int port = listener.port();
            for (String url : new String[] {
                "http://127.0.0.1:" + port + "/hook",
                "http://localhost:" + port + "/hook",
                "https://127.0.0.1:" + port + "/hook",
                "http://[::ffff:127.0.0.1]:" + port + "/hook",
                "http://0177.0.0.1:" + port + "/hook",
                "http://2130706433:" + port + "/hook",
                "http://127.0.0.1:5432/",
                "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                "http://metadata.google.internal/computeMetadata/v1/",
                "http://[fe80::1]/hook",
                "ext::sh -c touch% /tmp/pwned",
                "file:///etc/passwd",
                "gopher://example.com/"
            }) {
                assertThat(sender.problem(url)).as(url).isPresent();
                assertThatThrownBy(() -> sender.post(url, Map.of(), BODY))
                        .as(url)
                        .isInstanceOf(WebhookSender.RefusedException.class);
            }
            Thread.sleep(200); // let a connection that slipped through be counted
            assertThat(listener.connections.get()).isZero();
        }
    }

    @Test
    void theAllowListLetsALoopbackReceiverThrough() throws Exception {
        WebhookSender sender = new WebhookSender(AddressPolicy.of("127.0.0.1", ""), Duration.ofSeconds(5));
        try (var receiver = new Listeners.Answering(204, null)) {
            String url = receiver.url("/hook?team=a");
            assertThat(sender.problem(url)).isEmpty();
            var answer = sender.post(url, Map.of(Webhooks.SIGNATURE_HEADER, "sha256=abc"), BODY);
            assertThat(answer.status()).isEqualTo(204);
            assertThat(receiver.requests).hasSize(1);
            var got = receiver.requests.get(0);
            assertThat(got.path()).isEqualTo("/hook?team=a");
            assertThat(got.host()).isEqualTo(url.substring("http://".length(), url.indexOf("/hook")));
            assertThat(got.body()).isEqualTo(new String(BODY, StandardCharsets.UTF_8));
            assertThat(got.signature()).isEqualTo("sha256=abc");
            // only the named address: the name localhost still resolves to a refused loopback address
            assertThat(sender.problem(url.replace("127.0.0.1", "localhost"))).isPresent();
        }
    }

    /** An allowed receiver answering 301/302/307 towards loopback: the target never sees a connection. */
    @Test
    void redirectsAreNeverFollowed() throws Exception {
        WebhookSender sender = new WebhookSender(AddressPolicy.of("127.0.0.1", ""), Duration.ofSeconds(5));
        try (var target = new Listeners.Counting()) {
            for (int status : new int[] {301, 302, 307, 308}) {
                for (String host : new String[] {"127.0.0.1", "localhost"}) {
                    String location = "http://" + host + ":" + target.port() + "/internal";
                    try (var origin = new Listeners.Answering(status, location)) {
                        var answer = sender.post(origin.url("/hook"), Map.of(), BODY);
                        assertThat(answer.status()).isEqualTo(status);
                        assertThat(answer.location()).isEqualTo(location);
                        assertThat(origin.requests).hasSize(1);
                    }
                }
            }
            Thread.sleep(200);
            assertThat(target.connections.get()).isZero();
        }
    }

    /** The connection goes to the checked address, not to a second lookup of the name. */
    @Test
    void theConnectionIsPinnedToTheCheckedAddress() throws Exception {
        try (var receiver = new Listeners.Answering(200, null)) {
            String url = receiver.url("/hook");
            int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1, url.indexOf("/hook")));
            // a check of the (unresolvable) name that answers with the receiver's address
            var sender = new WebhookSender(
                    host -> {
                        assertThat(host).isEqualTo("pinned.invalid");
                        try {
                            return new AddressPolicy.Verdict(
                                    java.util.Optional.empty(), java.net.InetAddress.getByName("127.0.0.1"));
                        } catch (java.net.UnknownHostException e) {
                            throw new AssertionError(e);
                        }
                    },
                    Duration.ofSeconds(5));
            var answer = sender.post("http://pinned.invalid:" + port + "/hook", Map.of(), BODY);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(receiver.requests).hasSize(1);
            assertThat(receiver.requests.get(0).host()).isEqualTo("pinned.invalid:" + port);
        }
    }
}
