package ai.matrix.architect.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.matrix.architect.gate.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** 429 with Retry-After on token issue and logins (limits of the test server: 5 a minute), and on job creation. */
class RateLimitTest extends SecurityTestSupport {

    @Test
    void tokenIssueIsLimitedPerUser() {
        String u = user("rl-tokens", "viewer");
        for (int i = 0; i < 5; i++) {
            assertThat(call("POST", "/api/tokens", u, Map.of("name", "t" + i)).status())
                    .isEqualTo(201);
        }
        Reply refused = call("POST", "/api/tokens", u, Map.of("name", "t6"));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        // another user is not affected
        assertThat(call("POST", "/api/tokens", user("rl-tokens-2", "viewer"), Map.of("name", "t"))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void loginsAreThrottledPerUser() {
        user("rl-login", "viewer"); // one login
        for (int i = 0; i < 4; i++) {
            assertThat(call("POST", "/api/auth/token", null, Map.of("username", "rl-login", "password", "wrong"))
                            .status())
                    .isEqualTo(401);
        }
        Reply refused =
                call("POST", "/api/auth/token", null, Map.of("username", "rl-login", "password", "rl-login-password"));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).matches("[1-9][0-9]*");
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Test
    void jobCreationIsLimitedPerCaller() {
        RateLimits limits = new RateLimits(
                new SecurityProperties(Duration.ofMinutes(1), 10, 100, 20, 2), jdbc, tx, Clock.systemUTC());
        limits.check(RateLimits.Kind.JOB_CREATE, "user:a");
        limits.check(RateLimits.Kind.JOB_CREATE, "user:a");
        assertThatThrownBy(() -> limits.check(RateLimits.Kind.JOB_CREATE, "user:a"))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.retryAfterSeconds()).isBetween(1L, 60L);
                    assertThat(e.getMessage()).contains("created 2 jobs in 60 s", "ARCHITECT_SECURITY_JOBS_PER_CALLER");
                });
        limits.check(RateLimits.Kind.JOB_CREATE, "tok_b");
    }

    @Test
    void aWindowEndsAndLongKeysFit() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:10Z"));
        RateLimits limits =
                new RateLimits(new SecurityProperties(Duration.ofMinutes(1), 1, 100, 20, 2), jdbc, tx, clock);
        String longName = "x".repeat(5000);
        limits.check(RateLimits.Kind.LOGIN_USER, longName);
        assertThatThrownBy(() -> limits.check(RateLimits.Kind.LOGIN_USER, longName))
                .isInstanceOfSatisfying(
                        RateLimitedException.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo(50));
        clock.advance(Duration.ofSeconds(50));
        limits.check(RateLimits.Kind.LOGIN_USER, longName);
    }
}
