package ai.matrix.architect.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/** Tokens of an external OIDC provider, verified against its JWKS (served here by a local server), RS256/ES256 only. */
class ExternalIdentityTest {
    private static final String ISSUER = "https://id.example.test/realms/main";
    private static HttpServer jwks;
    private static RSAKey rsa;
    private static ECKey ec;
    private static AuthenticationManager manager;

    @BeforeAll
    static void start() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        byte[] body = new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK()))
                .toString()
                .getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/certs", ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        jwks.start();
        SecurityProperties props = new SecurityProperties(
                Duration.ofMinutes(1),
                10,
                100,
                20,
                60,
                ISSUER,
                "http://127.0.0.1:" + jwks.getAddress().getPort() + "/certs",
                "architect",
                "realm_access.roles",
                "preferred_username");
        byte[] own = new byte[32];
        new SecureRandom().nextBytes(own);
        var local = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(own, "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        manager = SecurityConfiguration.bearerAuthentication(local, null, null, ExternalIdentity.of(props));
    }

    @AfterAll
    static void stop() {
        jwks.stop(0);
    }

    private static String token(JWSAlgorithm alg, String kid, JWSSigner signer, Consumer<JWTClaimsSet.Builder> change)
            throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience("architect")
                .subject("8f1c")
                .claim("preferred_username", "alice")
                .claim("realm_access", Map.of("roles", List.of("offline_access", "operator", "viewer")))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
        change.accept(b);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), b.build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static Authentication authenticate(String token) {
        return manager.authenticate(new BearerTokenAuthenticationToken(token));
    }

    @Test
    void rs256AndEs256TokensGiveTheRoleFromTheClaim() throws Exception {
        Authentication a = authenticate(token(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa), b -> {}));
        assertThat(a.getName()).isEqualTo("alice");
        assertThat(Callers.role(a)).contains(Role.OPERATOR);
        Authentication e = authenticate(token(
                JWSAlgorithm.ES256,
                "ec-1",
                new ECDSASigner(ec),
                b -> b.claim("realm_access", Map.of("roles", List.of("admin")))));
        assertThat(Callers.role(e)).isEqualTo(Optional.of(Role.ADMIN));
    }

    @Test
    void forgedOrBrokenTokensAreRefused() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        List<String> bad = List.of(
                token(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(stranger), b -> {}),
                // HS256 keyed with the provider's public key: the classic confusion
                token(
                        JWSAlgorithm.HS256,
                        "rsa-1",
                        new MACSigner(rsa.toPublicJWK().toRSAPublicKey().getEncoded()),
                        b -> {}),
                new PlainJWT(new JWTClaimsSet.Builder()
                                .issuer(ISSUER)
                                .claim("preferred_username", "alice")
                                .build())
                        .serialize(),
                token(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa), b -> b.audience("other")),
                token(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa), b -> b.expirationTime(null)),
                token(
                        JWSAlgorithm.RS256,
                        "rsa-1",
                        new RSASSASigner(rsa),
                        b -> b.expirationTime(Date.from(Instant.now().minusSeconds(600)))),
                token(
                        JWSAlgorithm.RS256,
                        "rsa-1",
                        new RSASSASigner(rsa),
                        b -> b.claim("realm_access", Map.of("roles", List.of("offline_access")))),
                token(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa), b -> b.claim("preferred_username", null)));
        List<Integer> accepted = new java.util.ArrayList<>();
        for (int i = 0; i < bad.size(); i++) {
            try {
                authenticate(bad.get(i));
                accepted.add(i);
            } catch (AuthenticationException expected) {
                // refused, as it must be
            }
        }
        assertThat(accepted).as("tokens that were accepted").isEmpty();
    }
}
