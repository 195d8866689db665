package ai.matrix.architect.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * One server for all security tests (same properties, so Spring keeps one context): in-memory H2, a data
 * directory under target/, real HTTP.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "architect.data-dir=target/security-it",
            "spring.datasource.url=jdbc:h2:mem:security-it;DB_CLOSE_DELAY=-1",
            "architect.admin-password=" + SecurityTestSupport.ADMIN_PASSWORD,
            "architect.sandbox=none",
            "architect.security.tokens-per-caller=5",
            "architect.security.login-per-user=5",
            "architect.security.jobs-per-caller=100000",
            "architect.deploy-targets.prod.environment=production",
            "architect.deploy-targets.prod.command=true",
            "architect.deploy-targets.staging.environment=staging",
            "architect.deploy-targets.staging.command=true"
        })
abstract class SecurityTestSupport {
    static final String ADMIN_PASSWORD = "admin-secret-pw-1";
    static final Path DATA = Path.of("target/security-it").toAbsolutePath();
    static final ObjectMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    static {
        try {
            if (Files.exists(DATA)) {
                try (Stream<Path> all = Files.walk(DATA)) {
                    all.sorted(Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(DATA.resolve("repos"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    record Reply(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Reply call(String method, String path, String token, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
            if (token != null) b.header("Authorization", "Bearer " + token);
            String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            if (text != null) b.header("Content-Type", "application/json");
            b.method(
                    method,
                    text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
            if (path.startsWith("/api/events") || (path.endsWith("/logs") && path.contains("follow"))) {
                HttpResponse<java.io.InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                r.body().close();
                return new Reply(r.statusCode(), "", null);
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String login(String username, String password) {
        Reply r = call("POST", "/api/auth/token", null, Map.of("username", username, "password", password));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("access_token").asString();
    }

    /** A token of the user, logged in once per test run (logins are rate limited). */
    String tokenOf(String username, String password) {
        return TOKENS.computeIfAbsent(username, u -> login(u, password));
    }

    String admin() {
        return tokenOf("admin", ADMIN_PASSWORD);
    }

    /** Creates the user (password = name + "-password") and returns a token. */
    String user(String name, String role) {
        Reply r = call(
                "POST", "/api/users", admin(), Map.of("username", name, "password", name + "-password", "role", role));
        assertThat(r.status()).as(r.body()).isIn(201, 409);
        return tokenOf(name, name + "-password");
    }

    static Path sampleRepo(String name) {
        Path dir = DATA.resolve("repos").resolve(name);
        try {
            if (!Files.exists(dir.resolve(".git"))) ai.matrix.architect.cli.SampleRepository.create(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** A job that waits in 'created' (nothing runs). */
    static Map<String, Object> idleJob(String project) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("repo", Map.of("kind", "local", "path", sampleRepo("idle").toString()));
        body.put("goal", "nothing to do");
        body.put("auto_execute", false);
        if (project != null) body.put("project", project);
        return body;
    }

    String createJob(String token, String project) {
        Reply r = call("POST", "/api/jobs", token, idleJob(project));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    static List<String> ids(JsonNode items) {
        return items.valueStream().map(n -> n.get("id").asString()).toList();
    }
}
