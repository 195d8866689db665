package ai.matrix.architect.security;

import ai.matrix.architect.config.ArchitectProperties;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.crypto.SecretKey;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call what, in one place: every /api route is matched here with the least role it needs; nothing
 * else in the code checks roles. Tokens are HS256 JWTs checked for signature, algorithm, issuer, audience,
 * issue and expiry times.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemWriter problems, ArchitectProperties props) throws Exception {
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                .authorizeHttpRequests(a -> a.requestMatchers("/api/health", "/api/auth/token")
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info")
                        .permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html")
                        .permitAll()
                        .requestMatchers("/actuator/prometheus")
                        .access((auth, ctx) -> new AuthorizationDecision(props.prometheusPublic()
                                || auth.get().getAuthorities().stream()
                                        .anyMatch(g -> g.getAuthority().equals("ROLE_ADMIN"))))
                        .requestMatchers("/api/users", "/api/users/**")
                        .hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/jobs/*/approve", "/api/jobs/*/reject")
                        .hasRole("OPERATOR")
                        .requestMatchers(HttpMethod.POST, "/api/jobs", "/api/jobs/**", "/api/execute/**")
                        .hasRole("OPERATOR")
                        .requestMatchers(HttpMethod.GET, "/api/**")
                        .hasRole("VIEWER")
                        .requestMatchers("/api/**")
                        .hasRole("ADMIN")
                        .anyRequest()
                        .permitAll())
                .oauth2ResourceServer(o -> o.jwt(j -> j.jwtAuthenticationConverter(roleConverter()))
                        .bearerTokenResolver(tokenResolver())
                        .authenticationEntryPoint((req, res, ex) -> problems.write(
                                res,
                                401,
                                "Unauthorized",
                                "A valid bearer token is required: get one from POST /api/auth/token."))
                        .accessDeniedHandler((req, res, ex) ->
                                problems.write(res, 403, "Forbidden", "Your role does not allow this action.")))
                .exceptionHandling(e -> e.authenticationEntryPoint((req, res, ex) -> problems.write(
                                res,
                                401,
                                "Unauthorized",
                                "A valid bearer token is required: get one from POST /api/auth/token."))
                        .accessDeniedHandler((req, res, ex) ->
                                problems.write(res, 403, "Forbidden", "Your role does not allow this action.")))
                .headers(
                        h -> h.contentSecurityPolicy(
                                c -> c.policyDirectives(
                                        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")));
        return http.build();
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_OPERATOR\nROLE_OPERATOR > ROLE_VIEWER");
    }

    /**
     * Browsers cannot set headers on EventSource: the two SSE streams also take the token as a query parameter.
     * Everywhere else only the Authorization header counts.
     */
    static BearerTokenResolver tokenResolver() {
        DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();
        DefaultBearerTokenResolver query = new DefaultBearerTokenResolver();
        query.setAllowUriQueryParameter(true);
        return request -> isEventStream(request) ? query.resolve(request) : header.resolve(request);
    }

    private static boolean isEventStream(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return "GET".equals(request.getMethod())
                && (uri.equals("/api/events") || (uri.startsWith("/api/jobs/") && uri.endsWith("/logs")));
    }

    private static JwtAuthenticationConverter roleConverter() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> {
            Collection<GrantedAuthority> authorities = new ArrayList<>();
            String role = jwt.getClaimAsString("role");
            if (role != null) {
                try {
                    authorities.add(
                            new SimpleGrantedAuthority(Role.fromWire(role).authority()));
                } catch (IllegalArgumentException ignored) {
                    // an unknown role grants nothing
                }
            }
            return authorities;
        });
        return converter;
    }

    @Bean
    SecretKey jwtKey(ArchitectProperties props) {
        return JwtKeys.load(props);
    }

    @Bean
    JwtEncoder jwtEncoder(SecretKey key) {
        return new NimbusJwtEncoder(new ImmutableSecret<>(key));
    }

    @Bean
    JwtDecoder jwtDecoder(SecretKey key, ArchitectProperties props) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key)
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        List<OAuth2TokenValidator<Jwt>> validators = List.of(
                JwtValidators.createDefaultWithIssuer(props.jwt().issuer()),
                new JwtClaimValidator<List<String>>(
                        "aud", aud -> aud != null && aud.contains(props.jwt().audience())),
                required("exp"),
                required("iat"));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    private static OAuth2TokenValidator<Jwt> required(String claim) {
        return jwt -> jwt.getClaims().get(claim) != null
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "missing " + claim, null));
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }
}
