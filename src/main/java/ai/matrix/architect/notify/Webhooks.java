package ai.matrix.architect.notify;

import ai.matrix.architect.job.JobEvents;
import ai.matrix.architect.net.NetworkProperties;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns job events into webhook deliveries and sends them. A recurring task reads the event log after its
 * cursor and schedules one delivery task per event and URL, in the transaction that moves the cursor; each
 * delivery is retried with exponential backoff until it gets a 2xx or runs out of attempts.
 */
@Component
public class Webhooks {
    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);
    public static final String SIGNATURE_HEADER = "X-Matrix-Signature-256";

    private final NotifyProperties props;
    private final JobEvents events;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SchedulerClient scheduler;
    private final OneTimeTask<Void> deliveryTask;
    private final ObjectMapper json;
    private final WebhookSender sender;

    Webhooks(
            NotifyProperties props,
            JobEvents events,
            JdbcClient jdbc,
            TransactionTemplate tx,
            @Lazy SchedulerClient scheduler,
            @Lazy OneTimeTask<Void> webhookDeliveryTask,
            ObjectMapper json,
            NetworkProperties network) {
        this.props = props;
        this.events = events;
        this.jdbc = jdbc;
        this.tx = tx;
        this.scheduler = scheduler;
        this.deliveryTask = webhookDeliveryTask;
        this.json = json;
        this.sender = new WebhookSender(network.policy(), props.timeout());
        for (int i = 0; i < props.webhooks().size(); i++) {
            String url = props.webhooks().get(i);
            int index = i;
            sender.problem(url)
                    .ifPresent(p -> log.error(
                            "webhook URL ARCHITECT_NOTIFY_WEBHOOKS_{} (architect.notify.webhooks[{}]) ({}) is refused: {}; nothing is sent there"
                                    + " (ARCHITECT_NETWORK_ALLOW (architect.network.allow) lets a host or range through)",
                            index,
                            index,
                            WebhookSender.redacted(url),
                            p));
        }
    }

    /** Schedules deliveries for the events since the cursor; returns how many were scheduled. */
    public int dispatch() {
        Integer n = tx.execute(status -> {
            long cursor = jdbc.sql("select last_event_id from webhook_cursor where id = 1 for update")
                    .query(Long.class)
                    .single();
            List<JobEvents.Event> batch = events.after(cursor, 500);
            if (batch.isEmpty()) return 0;
            int scheduled = 0;
            for (JobEvents.Event e : batch) {
                if (props.webhooks().isEmpty() || kind(e).isEmpty()) continue;
                for (int i = 0; i < props.webhooks().size(); i++) {
                    scheduler.scheduleIfNotExists(
                            deliveryTask.instanceBuilder(e.id() + "-" + i).scheduledTo(Instant.now()));
                    scheduled++;
                }
            }
            jdbc.sql("update webhook_cursor set last_event_id = ? where id = 1")
                    .param(batch.get(batch.size() - 1).id())
                    .update();
            return scheduled;
        });
        return n == null ? 0 : n;
    }

    /** The webhook event name of a job event, when it is one that is sent. */
    Optional<String> kind(JobEvents.Event e) {
        JsonNode data = json.readTree(e.data());
        if (e.type().equals("job")) {
            String status = data.path("status").asString("");
            return switch (status) {
                case "awaiting_approval", "rejected", "succeeded", "failed" -> Optional.of(status);
                default -> Optional.empty();
            };
        }
        if (e.type().equals("approval") && data.path("event").asString("").equals("approved")) {
            return Optional.of("approved");
        }
        return Optional.empty();
    }

    /** Sends one delivery ({@code <event id>-<url index>}); throws to have it retried. */
    void deliver(String instanceId) throws IOException, InterruptedException {
        String[] parts = instanceId.split("-", 2);
        long eventId = Long.parseLong(parts[0]);
        int index = Integer.parseInt(parts[1]);
        if (index >= props.webhooks().size()) return; // the URL was removed from the configuration
        if (props.secret().isBlank()) {
            throw new IOException(
                    "ARCHITECT_NOTIFY_SECRET (architect.notify.secret) is not set; webhooks are not sent unsigned");
        }
        List<JobEvents.Event> found = events.after(eventId - 1, 1);
        if (found.isEmpty() || found.get(0).id() != eventId) return;
        JobEvents.Event e = found.get(0);
        String kind = kind(e).orElse(null);
        if (kind == null) return;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "evt_" + e.id());
        body.put("event", kind);
        body.put("job_id", e.jobId());
        body.put("occurred_at", e.at().toString());
        body.put("data", json.readTree(e.data()));
        String text = json.writeValueAsString(body);
        String url = props.webhooks().get(index);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "matrix-architect");
        headers.put("X-Matrix-Event", kind);
        headers.put("X-Matrix-Delivery", instanceId);
        headers.put(SIGNATURE_HEADER, "sha256=" + sign(props.secret(), text));
        WebhookSender.Answer res;
        try {
            res = sender.post(url, headers, text.getBytes(StandardCharsets.UTF_8));
        } catch (WebhookSender.RefusedException refused) {
            // checked again before every delivery (a name may resolve differently now); retrying does not help
            log.warn(
                    "webhook {} not sent: the URL {} is refused before connecting: {}",
                    instanceId,
                    WebhookSender.redacted(url),
                    refused.getMessage());
            return;
        }
        if (res.status() / 100 == 3) {
            throw new IOException("webhook " + WebhookSender.redacted(url) + " answered HTTP " + res.status()
                    + " (a redirect" + (res.location() == null ? "" : " to " + WebhookSender.redacted(res.location()))
                    + "); redirects are not followed, so the delivery failed");
        }
        if (res.status() / 100 != 2) {
            throw new IOException("webhook " + WebhookSender.redacted(url) + " answered HTTP " + res.status());
        }
        log.info("webhook {} delivered {} for {}", instanceId, kind, e.jobId());
    }

    /** Hex HMAC-SHA256 of the body with the shared secret. */
    public static String sign(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
