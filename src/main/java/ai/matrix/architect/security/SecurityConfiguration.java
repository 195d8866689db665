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
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationManager;
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
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Who may call what, in one place: every /api route is matched here against {@link Permissions#TABLE} (the
 * table of docs/security.md) with the least role it needs, and {@link ProjectAccess} applies the same table's
 * job-scoped rows to the caller's projects; nothing else in the code checks roles. Bearer tokens are HS256 JWTs
 * checked for signature, algorithm, issuer, audience, issue and expiry times, or API tokens ({@code mat_…}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(
            HttpSecurity http,
            ProblemWriter problems,
            ArchitectProperties props,
            JwtDecoder jwtDecoder,
            ApiTokens apiTokens,
            Users users,
            SecurityProperties securityProps)
            throws Exception {
        AuthenticationManager bearer =
                bearerAuthentication(jwtDecoder, apiTokens, users, ExternalIdentity.of(securityProps));
        AuthenticationEntryPoint unauthorized = (req, res, ex) -> problems.write(
                res, 401, "Unauthorized", "A valid bearer token is required: get one from POST /api/auth/token.");
        AccessDeniedHandler forbidden =
                (req, res, ex) -> problems.write(res, 403, "Forbidden", "Your role does not allow this action.");
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                .authorizeHttpRequests(a -> {
                    a.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info")
                            .permitAll()
                            .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html")
                            .permitAll()
                            .requestMatchers("/actuator/prometheus")
                            .access((auth, ctx) -> new AuthorizationDecision(props.prometheusPublic()
                                    || auth.get().getAuthorities().stream()
                                            .anyMatch(g -> g.getAuthority().equals("ROLE_ADMIN"))));
                    // the permission table: first matching row wins, as in Permissions.match
                    for (Permissions p : Permissions.TABLE) {
                        var matcher = p.method() == null
                                ? a.requestMatchers(p.pattern())
                                : a.requestMatchers(p.method(), p.pattern());
                        if (p.role() == null) matcher.permitAll();
                        else matcher.hasRole(p.role().name());
                    }
                    a.anyRequest().permitAll();
                })
                .oauth2ResourceServer(o -> o.authenticationManagerResolver(request -> bearer)
                        .bearerTokenResolver(tokenResolver())
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
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

    /**
     * Bearer tokens are API tokens when they start with {@code mat_}, tokens of the external identity provider
     * when one is configured and the token names it as issuer, else this server's own HS256 JWTs. An own JWT's
     * user must still exist and its role is the user's current one, so that a deleted or demoted user loses
     * access at once.
     */
    static AuthenticationManager bearerAuthentication(
            JwtDecoder decoder, ApiTokens apiTokens, Users users, java.util.Optional<ExternalIdentity> external) {
        JwtAuthenticationProvider jwt = new JwtAuthenticationProvider(decoder);
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(token -> {
            Collection<GrantedAuthority> authorities = new ArrayList<>();
            Users.User user = users.find(token.getSubject())
                    .orElseThrow(() -> new InvalidBearerTokenException("The token's user no longer exists."));
            authorities.add(new SimpleGrantedAuthority(user.role().authority()));
            return authorities;
        });
        jwt.setJwtAuthenticationConverter(converter);
        return authentication -> {
            if (!(authentication instanceof BearerTokenAuthenticationToken bearer)) return null;
            if (bearer.getToken().startsWith(ApiTokens.PREFIX)) {
                ApiTokenAuthentication result = apiTokens
                        .authenticate(bearer.getToken())
                        .orElseThrow(() -> new InvalidBearerTokenException("Unknown, expired or revoked API token."));
                return result;
            }
            if (external.isPresent() && external.get().issued(bearer.getToken())) {
                return external.get().authenticate(authentication);
            }
            return jwt.authenticate(authentication);
        };
    }

    /** The job-visibility half of the permission table runs before every controller. */
    @Bean
    WebMvcConfigurer projectAccessInterceptor(ProjectAccess access) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(access).addPathPatterns("/api/**");
            }
        };
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
        // Spring fills a missing iat from exp when it builds the Jwt: check the raw claims first
        MappedJwtClaimSetConverter mapped = MappedJwtClaimSetConverter.withDefaults(java.util.Map.of());
        decoder.setClaimSetConverter(claims -> {
            for (String claim : List.of("exp", "iat")) {
                if (claims.get(claim) == null) throw new BadJwtException("The token has no '" + claim + "' claim.");
            }
            return mapped.convert(claims);
        });
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
