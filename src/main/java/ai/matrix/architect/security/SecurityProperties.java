package ai.matrix.architect.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Security settings beyond the JWT ({@code architect.security.*}, env {@code ARCHITECT_SECURITY_*}).
 *
 * @param ratePeriod the window of every rate limit below
 * @param loginPerUser token requests ({@code POST /api/auth/token}) per user name per window
 * @param loginPerAddress token requests per client address per window
 * @param tokensPerCaller API tokens issued per user per window
 * @param jobsPerCaller jobs created per user or API token per window
 */
@ConfigurationProperties("architect.security")
public record SecurityProperties(
        @DefaultValue("1m") Duration ratePeriod,
        @DefaultValue("10") int loginPerUser,
        @DefaultValue("100") int loginPerAddress,
        @DefaultValue("20") int tokensPerCaller,
        @DefaultValue("60") int jobsPerCaller) {}
