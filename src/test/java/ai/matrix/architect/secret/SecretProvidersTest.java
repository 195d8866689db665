package ai.matrix.architect.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The secret providers against real files and environment maps, and against fakes of Vault's KV v2 HTTP API and
 * AWS Secrets Manager's JSON protocol (what the real services answer, recorded from their documentation); and
 * the redactor.
 */
class SecretProvidersTest {
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    private URI serve(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", handler);
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void reply(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Test
    void vaultKvV2() throws Exception {
        URI address = serve(ex -> {
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " token="
                    + ex.getRequestHeaders().getFirst("X-Vault-Token") + " ns="
                    + ex.getRequestHeaders().getFirst("X-Vault-Namespace"));
            if (!"s.good".equals(ex.getRequestHeaders().getFirst("X-Vault-Token"))) {
                reply(ex, 403, "application/json", "{\"errors\":[\"permission denied\"]}");
            } else if (ex.getRequestURI().getPath().equals("/v1/kv/data/apps/ci")) {
                reply(ex, 200, "application/json", """
                        {"request_id":"5e1d7c8a","lease_id":"","renewable":false,"lease_duration":0,
                         "data":{"data":{"token":"vault-secret-1","value":"plain-value-2"},
                                 "metadata":{"created_time":"2026-01-01T00:00:00Z","custom_metadata":null,
                                             "deletion_time":"","destroyed":false,"version":3}},
                         "wrap_info":null,"warnings":null,"auth":null}""");
            } else {
                reply(ex, 404, "application/json", "{\"errors\":[]}");
            }
        });
        VaultKvSecretProvider vault = new VaultKvSecretProvider(address, "kv", "s.good", "team-a");
        assertThat(vault.get("apps/ci#token")).contains("vault-secret-1");
        assertThat(vault.get("apps/ci")).contains("plain-value-2");
        assertThat(vault.get("apps/ci#missing")).isEmpty();
        assertThat(vault.get("apps/none")).isEmpty();
        assertThat(vault.get("../sys/seal")).isEmpty();
        assertThat(seen.getFirst()).isEqualTo("GET /v1/kv/data/apps/ci token=s.good ns=team-a");
        assertThatThrownBy(() -> new VaultKvSecretProvider(address, "kv", "s.bad", null).get("apps/ci"))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("403")
                .hasMessageContaining("permission denied");
    }

    @Test
    void awsSecretsManagerThroughTheSdk() throws Exception {
        URI endpoint = serve(ex -> {
            String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            JsonNode req =
                    JsonMapper.builder().build().readTree(ex.getRequestBody().readAllBytes());
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " " + target + " "
                    + req.get("SecretId").asString() + " "
                    + (auth != null && auth.startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/")));
            String id = req.get("SecretId").asString();
            if (id.equals("prod/db")) {
                reply(ex, 200, "application/x-amz-json-1.1", """
                        {"ARN":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf","Name":"prod/db",
                         "VersionId":"EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE",
                         "SecretString":"{\\"username\\":\\"app\\",\\"password\\":\\"aws-secret-3\\"}",
                         "VersionStages":["AWSCURRENT"],"CreatedDate":1.523477145713E9}""");
            } else {
                reply(
                        ex,
                        400,
                        "application/x-amz-json-1.1",
                        "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified secret.\"}");
            }
        });
        try (AwsSecretsManagerProvider aws = new AwsSecretsManagerProvider(
                "eu-west-1",
                endpoint,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secretkey")))) {
            assertThat(aws.get("prod/db#password")).contains("aws-secret-3");
            assertThat(aws.get("prod/db")).get().asString().contains("\"username\"");
            assertThat(aws.get("prod/none")).isEmpty();
        }
        assertThat(seen.getFirst()).isEqualTo("POST / secretsmanager.GetSecretValue prod/db true");
    }

    @Test
    void environmentAndFiles(@TempDir Path dir) throws IOException {
        EnvSecretProvider env = new EnvSecretProvider(
                "ARCHITECT_SECRET_", Map.of("ARCHITECT_SECRET_DEPLOY", "d-secret", "PATH", "/usr/bin"));
        assertThat(env.get("deploy")).contains("d-secret");
        assertThat(env.get("../PATH")).isEmpty();
        assertThat(env.get("PATH")).isEmpty(); // only prefixed variables are secrets

        Files.writeString(dir.resolve("db-password"), "f-secret\n");
        Files.writeString(dir.getParent().resolve("outside-" + dir.getFileName()), "nope");
        Files.createSymbolicLink(dir.resolve("link"), dir.getParent().resolve("outside-" + dir.getFileName()));
        FileSecretProvider files = new FileSecretProvider(dir);
        assertThat(files.get("db-password")).contains("f-secret");
        assertThat(files.get("../outside-" + dir.getFileName())).isEmpty();
        assertThat(files.get("link")).isEmpty();
        assertThat(files.get("missing")).isEmpty();
    }

    @Test
    void projectsNameOnlyTheirSecrets(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("payments-db"), "pay-secret-1");
        Files.writeString(dir.resolve("shared-npm"), "npm-secret-2");
        SecretsProperties props = new SecretsProperties(
                "file",
                "ARCHITECT_SECRET_",
                dir.toString(),
                "",
                "",
                "secret",
                "",
                "",
                "",
                Map.of("payments", "file:payments-*, file:shared-*", "web", "file:shared-npm"));
        Redactor redactor = new Redactor();
        Secrets secrets = new Secrets(List.of(new FileSecretProvider(dir)), props, redactor);
        assertThat(secrets.environment("payments", List.of("file:payments-db", "file:shared-npm")))
                .containsEntry("payments_db", "pay-secret-1")
                .containsEntry("shared_npm", "npm-secret-2");
        assertThat(redactor.redact("x pay-secret-1")).isEqualTo("x [REDACTED]");
        assertThatThrownBy(() -> secrets.environment("web", List.of("file:payments-db")))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("may not use");
        assertThatThrownBy(() -> secrets.environment("default", List.of("file:shared-npm")))
                .isInstanceOf(SecretException.class);
        assertThatThrownBy(() -> secrets.environment("payments", List.of("file:payments-missing")))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void redactionCoversEncodingsAndLines() {
        Redactor r = new Redactor();
        String secret = "s3cr3t-value-XYZ";
        r.register(secret);
        r.register("line-one-aaaa\nline-two-bbbb");
        r.register("abc"); // too short to mask safely
        assertThat(r.redact("x " + secret + " y")).isEqualTo("x [REDACTED] y");
        for (String prefix : new String[] {"", "a", "ab", "abc"}) {
            String b64 =
                    Base64.getEncoder().encodeToString((prefix + secret + "tail").getBytes(StandardCharsets.UTF_8));
            assertThat(r.redact(b64)).contains("[REDACTED]");
            String url = Base64.getUrlEncoder().encodeToString((prefix + secret).getBytes(StandardCharsets.UTF_8));
            assertThat(r.redact(url)).contains("[REDACTED]");
        }
        assertThat(r.redact(URLEncoder.encode("q=" + secret + "&x", StandardCharsets.UTF_8)))
                .contains("[REDACTED]")
                .doesNotContain("XYZ");
        assertThat(r.redact("begin\nline-one-aaaa\nline-two-bbbb\nend")).isEqualTo("begin\n[REDACTED]\nend");
        assertThat(r.redact("2: line-two-bbbb")).isEqualTo("2: [REDACTED]"); // a line printed on its own
        assertThat(r.redact("abc abc")).isEqualTo("abc abc");
    }
}
