package ai.matrix.architect.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Talks to a running server over real HTTP, as any client would. */
public final class TestApi {
    public static final ObjectMapper JSON = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private String token;

    public TestApi(String base) {
        this.base = base;
    }

    public record Response(int status, String contentType, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    public TestApi login(String username, String password) {
        Response r = post("/api/auth/token", Map.of("username", username, "password", password));
        if (r.status() != 200) throw new IllegalStateException("login failed: " + r);
        token = r.json().get("access_token").asString();
        return this;
    }

    public String token() {
        return token;
    }

    public Response get(String path) {
        return send(builder(path).GET().build());
    }

    public Response post(String path, Object body) {
        return postRaw(path, body instanceof String s ? s : JSON.writeValueAsString(body));
    }

    public Response postRaw(String path, String body) {
        return send(builder(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** POST with extra request headers (name, value, name, value, ...). */
    public Response post(String path, Object body, String... headers) {
        HttpRequest.Builder b = builder(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        body instanceof String s ? s : JSON.writeValueAsString(body)));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return send(b.build());
    }

    public JsonNode createJob(Object body) {
        Response r = post("/api/jobs", body);
        if (r.status() != 201) throw new IllegalStateException("create failed: " + r);
        return r.json();
    }

    public JsonNode job(String id) {
        return get("/api/jobs/" + id).json();
    }

    /** The job once it succeeded or failed, waiting up to {@code limit}. */
    public JsonNode awaitSucceededOrFailed(String id, Duration limit) {
        org.awaitility.Awaitility.await()
                .atMost(limit)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> java.util.List.of("succeeded", "failed")
                        .contains(job(id).get("status").asString()));
        return job(id);
    }

    /** Waits until the job has one of the statuses and returns it. */
    public JsonNode awaitStatus(String id, Duration limit, String... statuses) {
        org.awaitility.Awaitility.await()
                .atMost(limit)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> java.util.List.of(statuses)
                        .contains(job(id).get("status").asString()));
        return job(id);
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    private Response send(HttpRequest req) {
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            return new Response(
                    r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
