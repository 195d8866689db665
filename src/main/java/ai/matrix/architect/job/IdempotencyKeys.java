package ai.matrix.architect.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectMapper;

/**
 * The Idempotency-Key of job submissions (ADR 0012): which job a caller's key made, and from which request body.
 * Callers own the transactions.
 */
@Repository
public class IdempotencyKeys {
    /** How long a key names its first job; after that the key makes a new one. */
    public static final Duration WINDOW = Duration.ofHours(24);

    /** The longest key accepted; a UUID is 36 characters. */
    public static final int MAX_LENGTH = 255;

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public IdempotencyKeys(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A key already used by the caller, with the body it came with and its job. */
    public record Used(String requestHash, String jobId) {}

    /** The SHA-256 of the request as the API read it (so spacing and key order of the JSON text do not matter). */
    public String hash(JobRequest request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The caller's use of the key within the window, if any. */
    public Optional<Used> find(String actor, String key, Instant now) {
        return jdbc.sql("select request_hash, job_id from idempotency_keys"
                        + " where actor = ? and idem_key = ? and created_at > ?")
                .params(actor, key, utc(now.minus(WINDOW)))
                .query((rs, n) -> new Used(rs.getString(1), rs.getString(2)))
                .optional();
    }

    /**
     * Records the key for a new job; an expired row for the key is replaced. Throws a duplicate-key error when
     * another request recorded it first (it waits for that request's transaction).
     */
    public void record(String actor, String key, String requestHash, String jobId, Instant now) {
        jdbc.sql("delete from idempotency_keys where actor = ? and idem_key = ? and created_at <= ?")
                .params(actor, key, utc(now.minus(WINDOW)))
                .update();
        jdbc.sql("insert into idempotency_keys (actor, idem_key, request_hash, job_id, created_at)"
                        + " values (?, ?, ?, ?, ?)")
                .params(actor, key, requestHash, jobId, utc(now))
                .update();
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
