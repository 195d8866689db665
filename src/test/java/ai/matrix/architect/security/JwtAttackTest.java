package ai.matrix.architect.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.matrix.architect.ArchitectApplication;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Forged and broken JWTs are refused with 401; a short JWT_SECRET stops the server at start-up. */
class JwtAttackTest extends SecurityTestSupport {

    private byte[] serverKey() throws Exception {
        admin(); // the server is up and has made its key
        return Base64.getDecoder()
                .decode(Files.readString(DATA.resolve("keys/jwt-secret")).strip());
    }

    private static JWTClaimsSet.Builder claims(Consumer<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .issuer("matrix-architect")
                .audience("matrix-architect-api")
                .subject("admin")
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("role", "admin");
        change.accept(b);
        return b;
    }

    private String hs256(byte[] key, Consumer<JWTClaimsSet.Builder> change) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims(change).build());
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }

    private int statusWith(String token) {
        return call("GET", "/api/users", token, null).status();
    }

    @Test
    void aProperlySignedTokenIsAccepted() throws Exception {
        assertThat(statusWith(hs256(serverKey(), b -> {}))).isEqualTo(200);
    }

    @Test
    void algNoneIsRefused() throws Exception {
        serverKey();
        String token = new PlainJWT(claims(b -> {}).build()).serialize();
        assertThat(statusWith(token)).isEqualTo(401);
        // and an unsigned token that claims HS256 with an empty signature
        String header = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));
        String payload = token.split("\\.")[1];
        assertThat(statusWith(header + "." + payload + ".")).isEqualTo(401);
    }

    @Test
    void aWrongKeyIsRefused() throws Exception {
        serverKey();
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        assertThat(statusWith(hs256(other, b -> {}))).isEqualTo(401);
    }

    @Test
    void rsaSignedTokensAndHsRsConfusionAreRefused() throws Exception {
        byte[] key = serverKey();
        var rsa = new RSAKeyGenerator(2048).generate();
        SignedJWT rs = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).build(),
                claims(b -> {}).build());
        rs.sign(new RSASSASigner(rsa));
        assertThat(statusWith(rs.serialize())).isEqualTo(401);
        // a header saying RS256 over an HMAC made with the server's secret: only HS256 is accepted
        String good = hs256(key, b -> {});
        String[] parts = good.split("\\.");
        String rsHeader = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(statusWith(rsHeader + "." + parts[1] + "." + parts[2])).isEqualTo(401);
        // HS256 keyed with the RSA public key (the classic confusion) is just a wrong key
        assertThat(statusWith(hs256(rsa.toPublicJWK().toRSAPublicKey().getEncoded(), b -> {})))
                .isEqualTo(401);
    }

    @Test
    void expiredAndTimelessTokensAreRefused() throws Exception {
        byte[] key = serverKey();
        Instant past = Instant.now().minusSeconds(3600);
        assertThat(statusWith(hs256(
                        key,
                        b -> b.issueTime(Date.from(past.minusSeconds(60)))
                                .notBeforeTime(Date.from(past.minusSeconds(60)))
                                .expirationTime(Date.from(past)))))
                .isEqualTo(401);
        assertThat(statusWith(hs256(key, b -> b.expirationTime(null)))).isEqualTo(401);
        assertThat(statusWith(hs256(key, b -> b.issueTime(null)))).isEqualTo(401);
    }

    @Test
    void wrongAudienceOrIssuerIsRefused() throws Exception {
        byte[] key = serverKey();
        assertThat(statusWith(hs256(key, b -> b.audience("someone-else")))).isEqualTo(401);
        assertThat(statusWith(hs256(key, b -> b.audience((String) null)))).isEqualTo(401);
        assertThat(statusWith(hs256(key, b -> b.issuer("https://evil.example"))))
                .isEqualTo(401);
    }

    @Test
    void aTamperedPayloadIsRefused() throws Exception {
        serverKey();
        user("jwt-viewer", "viewer");
        String token = login("jwt-viewer", "jwt-viewer-password");
        assertThat(statusWith(token)).isEqualTo(403);
        String[] parts = token.split("\\.");
        Map<?, ?> payload = JSON.readValue(Base64.getUrlDecoder().decode(parts[1]), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> changed = new java.util.HashMap<>((Map<String, Object>) payload);
        changed.put("sub", "admin");
        changed.put("role", "admin");
        String forged = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(changed)) + "."
                + parts[2];
        assertThat(statusWith(forged)).isEqualTo(401);
    }

    @Test
    void aDeletedUsersTokenStopsWorking() throws Exception {
        serverKey();
        String token = user("jwt-gone", "viewer");
        assertThat(call("GET", "/api/jobs", token, null).status()).isEqualTo(200);
        assertThat(call("DELETE", "/api/users/jwt-gone", admin(), null).status())
                .isEqualTo(204);
        assertThat(call("GET", "/api/jobs", token, null).status()).isEqualTo(401);
    }

    @Test
    void aShortSecretStopsTheServerWithAClearMessage() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(ArchitectApplication.class)
                        .run(
                                "--server.port=0",
                                "--architect.data-dir=" + DATA.resolve("short-secret"),
                                "--spring.datasource.url=jdbc:h2:mem:short-secret;DB_CLOSE_DELAY=-1",
                                "--architect.sandbox=none",
                                "--db-scheduler.enabled=false",
                                "--architect.jwt.secret=only-twenty-bytes-ok")
                        .close())
                .satisfies(e -> {
                    Throwable t = e;
                    while (t.getCause() != null) t = t.getCause();
                    assertThat(t).hasMessageContaining("JWT_SECRET is 160 bits long; HS256 needs at least 256 bits");
                });
    }
}
