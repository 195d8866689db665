package ai.matrix.architect.security;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
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

    private final RateLimiterRegistry registry = RateLimiterRegistry.ofDefaults();
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
        RateLimiter limiter = registry.rateLimiter(
                kind + ":" + key,
                () -> RateLimiterConfig.custom()
                        .limitForPeriod(limit)
                        .limitRefreshPeriod(props.ratePeriod())
                        .timeoutDuration(Duration.ZERO)
                        .build());
        if (limiter.acquirePermission()) return;
        long nanos = limiter instanceof AtomicRateLimiter a
                ? a.getDetailedMetrics().getNanosToWait()
                : props.ratePeriod().toNanos();
        long seconds = Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
        throw new RateLimitedException("Too many requests of this kind; try again in " + seconds + " s.", seconds);
    }
}
