package ai.matrix.architect.publish.oci;

import ai.matrix.architect.publish.TestCertificate;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.node.ObjectNode;

/**
 * A token service as the distribution project's token authentication describes it, for a real registry to trust:
 * {@code GET /token?service=&scope=} with HTTP basic auth answers {@code {"token": …}}, a JWT signed ES256 with a
 * self-signed P-256 certificate carried in its {@code x5c} header; the registry is configured with that certificate
 * as its {@code rootcertbundle}. Wrong credentials get 401. Records every scope asked for.
 */
public final class RegistryTokenService implements AutoCloseable {
    static final String SERVICE = "test-registry";
    static final String ISSUER = "test-token-issuer";
    private final HttpServer server;
    private final Path certificatePem;
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final String user;
    private final String password;
    private final List<String> scopes = new CopyOnWriteArrayList<>();

    public RegistryTokenService(Path dir, String user, String password) throws Exception {
        this.user = user;
        this.password = password;
        TestCertificate signer = TestCertificate.create(dir, "token", "CN=token-issuer", null);
        certificatePem = signer.pem();
        key = signer.key();
        certificate = signer.certificate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", this::handle);
        server.start();
    }

    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    public Path certificatePem() {
        return certificatePem;
    }

    /** The scopes clients asked tokens for, in order. */
    public List<String> scopes() {
        return scopes;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, String> q = new HashMap<>();
            String raw = ex.getRequestURI().getRawQuery();
            if (raw != null) {
                for (String kv : raw.split("&")) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                    }
                }
            }
            String expected = "Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, "{\"details\":\"incorrect username or password\"}");
                return;
            }
            scopes.add(q.getOrDefault("scope", ""));
            send(
                    ex,
                    200,
                    "{\"token\":\"" + token(q.getOrDefault("service", ""), q.get("scope")) + "\",\"expires_in\":300}");
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** A JWT granting what the scope ({@code repository:<name>:<actions>}) asks for. */
    private String token(String service, String scope) throws Exception {
        ObjectNode header =
                OciRegistry.JSON.createObjectNode().put("typ", "JWT").put("alg", "ES256");
        header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
        long now = Instant.now().getEpochSecond();
        ObjectNode claims = OciRegistry.JSON
                .createObjectNode()
                .put("iss", ISSUER)
                .put("sub", user)
                .put("aud", service)
                .put("exp", now + 300)
                .put("nbf", now - 10)
                .put("iat", now)
                .put("jti", UUID.randomUUID().toString());
        var access = claims.putArray("access");
        if (scope != null && !scope.isBlank()) {
            String[] parts = scope.split(":");
            var grant = access.addObject().put("type", parts[0]).put("name", parts[1]);
            var actions = grant.putArray("actions");
            for (String a : parts[2].split(",")) actions.add(a);
        }
        String signingInput =
                b64(OciRegistry.JSON.writeValueAsBytes(header)) + "." + b64(OciRegistry.JSON.writeValueAsBytes(claims));
        Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
        es256.initSign(key);
        es256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64(es256.sign());
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
