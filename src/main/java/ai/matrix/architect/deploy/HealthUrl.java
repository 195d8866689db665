package ai.matrix.architect.deploy;

import ai.matrix.architect.net.AddressPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A target's optional HTTP health check: GET until a 2xx answer or the deadline. The URL's host is checked
 * against the address policy first, like every outgoing URL (a loopback or metadata address is refused unless
 * {@code ARCHITECT_NETWORK_ALLOW} lets it through).
 */
public class HealthUrl {
    private final AddressPolicy policy;
    private final Clock clock;
    private final Duration pollEvery;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public HealthUrl(AddressPolicy policy, Clock clock, Duration pollEvery) {
        this.policy = policy;
        this.clock = clock;
        this.pollEvery = pollEvery;
    }

    /** Why the URL may not be checked at all (malformed, refused by the address policy), or empty. */
    public Optional<String> refused(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.of("the health URL is malformed: " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            return Optional.of("the health URL must be http or https with a host");
        }
        return policy.problem(uri.getHost()).map(p -> "the health URL " + p);
    }

    /** Polls the URL until it answers 2xx ("ok (HTTP 200)") or the deadline passes (then its last answer). */
    public Health await(String url, Instant deadline) throws InterruptedException {
        Optional<String> refused = refused(url);
        if (refused.isPresent()) return Health.failed(refused.get());
        String last = "not checked";
        while (true) {
            try {
                HttpResponse<Void> res = http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (res.statusCode() / 100 == 2) return Health.ok("ok (HTTP " + res.statusCode() + ")");
                last = "HTTP " + res.statusCode();
            } catch (IOException e) {
                last = "unreachable: " + e.getMessage();
            }
            if (!clock.instant().plus(pollEvery).isBefore(deadline)) {
                return Health.timedOut(last);
            }
            Thread.sleep(pollEvery.toMillis());
        }
    }
}
