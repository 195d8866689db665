package ai.matrix.architect.security;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Per-caller rate limits (resilience4j, in memory per process) on logins, API token issue and job creation.
 * A refused request throws {@link RateLimitedException}: 429 with Retry-After.
 */
@Component
public class RateLimits {
    public enum Kind {
        LOGIN_USER,
        LOGIN_ADDRESS,
        TOKEN_ISSUE,
        JOB_CREATE
    }

    /** At most this many callers are tracked; the least recently seen are forgotten (made-up names cost no memory). */
    static final int MAX_KEYS = 20_000;

    private final Map<String, RateLimiter> limiters =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, RateLimiter> eldest) {
                    return size() > MAX_KEYS;
                }
            });
    private final SecurityProperties props;

    RateLimits(SecurityProperties props) {
        this.props = props;
    }

    public void check(Kind kind, String key) {
        int limit = switch (kind) {
            case LOGIN_USER -> props.loginPerUser();
            case LOGIN_ADDRESS -> props.loginPerAddress();
            case TOKEN_ISSUE -> props.tokensPerCaller();
            case JOB_CREATE -> props.jobsPerCaller();
        };
        RateLimiter limiter = limiters.computeIfAbsent(
                kind + ":" + key,
                name -> RateLimiter.of(
                        name,
                        RateLimiterConfig.custom()
                                .limitForPeriod(limit)
                                .limitRefreshPeriod(props.ratePeriod())
                                .timeoutDuration(Duration.ZERO)
                                .build()));
        if (limiter.acquirePermission()) return;
        long nanos = limiter instanceof AtomicRateLimiter a
                ? a.getDetailedMetrics().getNanosToWait()
                : props.ratePeriod().toNanos();
        long seconds = Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
        throw new RateLimitedException(refusal(kind, limit, seconds), seconds);
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
