package ai.matrix.architect.notify;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outgoing webhooks, bound from {@code architect.notify.*}.
 *
 * @param webhooks http(s) URLs that receive a POST for every awaiting_approval, approved, rejected, succeeded and
 *     failed; checked against {@code architect.network.*} at start-up and before every delivery, redirects not followed
 * @param secret HMAC-SHA256 key of the {@code X-Matrix-Signature-256} header; deliveries are refused to start
 *     without one
 * @param maxAttempts attempts per delivery before it is given up
 * @param firstBackoff wait before the second attempt; doubled for each later one
 * @param dispatchInterval how often new job events are turned into deliveries
 * @param timeout how long one delivery may take
 */
@ConfigurationProperties("architect.notify")
public record NotifyProperties(
        List<String> webhooks,
        @DefaultValue("") String secret,
        @DefaultValue("6") int maxAttempts,
        @DefaultValue("10s") Duration firstBackoff,
        @DefaultValue("2s") Duration dispatchInterval,
        @DefaultValue("10s") Duration timeout) {

    public NotifyProperties {
        webhooks = webhooks == null
                ? List.of()
                : webhooks.stream().filter(u -> u != null && !u.isBlank()).toList();
    }
}
