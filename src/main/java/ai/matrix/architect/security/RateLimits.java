package ai.matrix.architect.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Per-caller rate limits on logins, API token issue and job creation, counted in the database so that every api
 * process shares them: a caller throttled on one process is throttled on all (a per-process limiter would let
 * a caller N times the limit through N processes). Fixed windows of {@code architect.security.rate-period}; a
 * refused request throws {@link RateLimitedException}: 429 with Retry-After (the seconds until the window ends).
 */
@Component
public class RateLimits {
    public enum Kind {
        LOGIN_USER,
        LOGIN_ADDRESS,
        TOKEN_ISSUE,
        JOB_CREATE
    }

    private final SecurityProperties props;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    RateLimits(SecurityProperties props, JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
        this.props = props;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    public void check(Kind kind, String key) {
        int limit = switch (kind) {
            case LOGIN_USER -> props.loginPerUser();
            case LOGIN_ADDRESS -> props.loginPerAddress();
            case TOKEN_ISSUE -> props.tokensPerCaller();
            case JOB_CREATE -> props.jobsPerCaller();
        };
        long period = Math.max(1, props.ratePeriod().toMillis());
        long now = clock.millis();
        long window = now / period;
        Instant windowEnd = Instant.ofEpochMilli((window + 1) * period);
        String bucket = kind + ":" + window + ":" + shortKey(key);
        int hits = count(bucket, windowEnd);
        if (hits <= limit) return;
        long seconds = Math.max(1, (windowEnd.toEpochMilli() - now + 999) / 1000);
        throw new RateLimitedException(refusal(kind, limit, seconds), seconds);
    }

    /**
     * Adds one hit to the bucket and returns its count. The update's row lock is held until the read in the same
     * transaction, so concurrent hits on any process each see their own count.
     */
    private int count(String bucket, Instant windowEnd) {
        Integer hits = tx.execute(status -> {
            int updated = jdbc.sql("update rate_limits set hits = hits + 1 where bucket = ?")
                    .param(bucket)
                    .update();
            if (updated == 0) {
                try {
                    jdbc.sql("insert into rate_limits (bucket, hits, window_end) values (?, 1, ?)")
                            .params(bucket, windowEnd.atOffset(ZoneOffset.UTC))
                            .update();
                    return 1;
                } catch (DuplicateKeyException raced) {
                    return null; // another process made the row first: count again in a new transaction
                }
            }
            return jdbc.sql("select hits from rate_limits where bucket = ?")
                    .param(bucket)
                    .query(Integer.class)
                    .single();
        });
        return hits != null ? hits : count(bucket, windowEnd);
    }

    /** Usernames and addresses are the caller's input: long ones are hashed to fit the column. */
    private static String shortKey(String key) {
        if (key.length() <= 160) return key;
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(
                                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows of ended windows; any process may delete them. */
    @Scheduled(initialDelay = 60_000, fixedDelay = 300_000)
    void forgetEndedWindows() {
        try {
            jdbc.sql("delete from rate_limits where window_end < ?")
                    .param(clock.instant().atOffset(ZoneOffset.UTC))
                    .update();
        } catch (RuntimeException e) {
            // the next sweep deletes them; counting never depends on it
        }
    }

    /** What was exceeded, in the caller's terms, and the setting that raises it. */
    private String refusal(Kind kind, int limit, long seconds) {
        String window = props.ratePeriod().toSeconds() + " s";
        return switch (kind) {
            case JOB_CREATE ->
                "This caller created " + limit + " jobs in " + window + ", its limit; try again in " + seconds
                        + " s. The limit is per user or API token (ARCHITECT_SECURITY_JOBS_PER_CALLER).";
            case LOGIN_USER, LOGIN_ADDRESS -> "Too many sign-in attempts; try again in " + seconds + " s.";
            case TOKEN_ISSUE ->
                "This caller was issued " + limit + " API tokens in " + window + ", its limit; try again in " + seconds
                        + " s (ARCHITECT_SECURITY_TOKENS_PER_CALLER).";
        };
    }
}
