package ai.matrix.architect.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Security settings beyond the JWT ({@code architect.security.*}, env {@code ARCHITECT_SECURITY_*}).
 *
 * @param ratePeriod the window of every rate limit below
 * @param loginPerUser token requests ({@code POST /api/auth/token}) per user name per window
 * @param loginPerAddress token requests per client address per window
 * @param tokensPerCaller API tokens issued per user per window
 * @param jobsPerCaller jobs created per user or API token per window: sized for a CI system submitting a batch,
 *     while still stopping a runaway loop
 * @param oidcIssuer issuer ({@code iss}) of an external identity provider whose tokens are accepted; empty: none
 * @param oidcJwksUri where that provider publishes its signing keys (JWKS); RS256 and ES256 are accepted
 * @param oidcAudience the {@code aud} its tokens must carry; empty means not checked
 * @param oidcRolesClaim claim holding the caller's roles (dots descend: {@code realm_access.roles}); the highest of
 *     viewer, operator, admin found there is the caller's role
 * @param oidcUsernameClaim claim naming the caller (project memberships are looked up by this name)
 */
@ConfigurationProperties("architect.security")
public record SecurityProperties(
        @DefaultValue("1m") Duration ratePeriod,
        @DefaultValue("10") int loginPerUser,
        @DefaultValue("100") int loginPerAddress,
        @DefaultValue("20") int tokensPerCaller,
        @DefaultValue("600") int jobsPerCaller,
        @DefaultValue("") String oidcIssuer,
        @DefaultValue("") String oidcJwksUri,
        @DefaultValue("") String oidcAudience,
        @DefaultValue("roles") String oidcRolesClaim,
        @DefaultValue("preferred_username") String oidcUsernameClaim) {

    @ConstructorBinding
    public SecurityProperties {}

    public SecurityProperties(
            Duration ratePeriod, int loginPerUser, int loginPerAddress, int tokensPerCaller, int jobsPerCaller) {
        this(
                ratePeriod,
                loginPerUser,
                loginPerAddress,
                tokensPerCaller,
                jobsPerCaller,
                "",
                "",
                "",
                "roles",
                "preferred_username");
    }

    public boolean oidcEnabled() {
        return !oidcIssuer.isBlank() && !oidcJwksUri.isBlank();
    }
}
