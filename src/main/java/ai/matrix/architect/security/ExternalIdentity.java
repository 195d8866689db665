package ai.matrix.architect.security;

import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * Tokens of an external OpenID Connect provider: recognised by their issuer, verified against the provider's
 * JWKS with RS256 or ES256 only (never HS256, so the provider's public keys cannot be used as an HMAC secret),
 * checked for issuer, audience and times; the caller's role is the highest of viewer, operator and admin found
 * in the configured claim, and a token with none of them is refused.
 */
final class ExternalIdentity {
    private final String issuer;
    private final JwtAuthenticationProvider provider;

    private ExternalIdentity(SecurityProperties props) {
        this.issuer = props.oidcIssuer();
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(props.oidcJwksUri())
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .jwsAlgorithm(SignatureAlgorithm.ES256)
                .build();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(JwtValidators.createDefaultWithIssuer(props.oidcIssuer()));
        validators.add(new JwtClaimValidator<Object>("exp", exp -> exp != null));
        if (!props.oidcAudience().isBlank()) {
            validators.add(new JwtClaimValidator<List<String>>(
                    "aud", aud -> aud != null && aud.contains(props.oidcAudience())));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setPrincipalClaimName(props.oidcUsernameClaim());
        converter.setJwtGrantedAuthoritiesConverter(jwt -> roles(jwt, props.oidcRolesClaim()));
        this.provider = new JwtAuthenticationProvider(decoder);
        provider.setJwtAuthenticationConverter(jwt -> {
            var token = converter.convert(jwt);
            if (token == null || Callers.role(token).isEmpty()) {
                throw new org.springframework.security.oauth2.server.resource.InvalidBearerTokenException(
                        "The token grants none of the roles viewer, operator, admin.");
            }
            if (jwt.getClaimAsString(props.oidcUsernameClaim()) == null) {
                throw new org.springframework.security.oauth2.server.resource.InvalidBearerTokenException(
                        "The token has no '" + props.oidcUsernameClaim() + "' claim.");
            }
            return token;
        });
    }

    static Optional<ExternalIdentity> of(SecurityProperties props) {
        return props.oidcEnabled() ? Optional.of(new ExternalIdentity(props)) : Optional.empty();
    }

    /** Whether the (not yet verified) token names this provider as its issuer. */
    boolean issued(String token) {
        try {
            return issuer.equals(JWTParser.parse(token).getJWTClaimsSet().getIssuer());
        } catch (ParseException | RuntimeException e) {
            return false;
        }
    }

    Authentication authenticate(Authentication bearer) {
        return provider.authenticate(bearer);
    }

    static Collection<GrantedAuthority> roles(Jwt jwt, String claimPath) {
        Object value = jwt.getClaims();
        for (String part : claimPath.split("\\.")) {
            value = value instanceof Map<?, ?> m ? m.get(part) : null;
        }
        List<String> names = new ArrayList<>();
        if (value instanceof Collection<?> c) c.forEach(v -> names.add(String.valueOf(v)));
        else if (value instanceof String s) names.addAll(List.of(s.split("[ ,]+")));
        Role best = null;
        for (String n : names) {
            for (Role r : Role.values()) {
                if (r.wire().equalsIgnoreCase(n) && (best == null || r.compareTo(best) > 0)) best = r;
            }
        }
        return best == null ? List.of() : List.of(new SimpleGrantedAuthority(best.authority()));
    }
}
