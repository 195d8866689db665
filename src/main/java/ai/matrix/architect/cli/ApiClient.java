package ai.matrix.architect.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** A small client of the HTTP API for the command line; the token is kept in ~/.matrix-architect/token. */
final class ApiClient {
    static final ObjectMapper JSON = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String url;
    private String token;

    ApiClient(String url, String token) {
        this.url = url.replaceAll("/+$", "");
        this.token = token;
    }

    static Path tokenFile() {
        return Path.of(System.getProperty("user.home"), ".matrix-architect", "token");
    }

    /** The client for the saved login, or for the URL and token in the environment. */
    static ApiClient fromSavedLogin(String urlOverride) throws IOException {
        String envToken = System.getenv("ARCHITECT_TOKEN");
        String url = urlOverride != null ? urlOverride : System.getenv().getOrDefault("ARCHITECT_URL", null);
        if (envToken != null) return new ApiClient(url != null ? url : "http://localhost:8080", envToken);
        Path f = tokenFile();
        if (!Files.exists(f)) {
            throw new CliException("Not logged in: run `matrix-architect login` first (or set ARCHITECT_TOKEN).");
        }
        JsonNode saved = JSON.readTree(Files.readString(f));
        return new ApiClient(
                url != null ? url : saved.get("url").asString(),
                saved.get("token").asString());
    }

    String url() {
        return url;
    }

    void login(String username, String password) throws IOException {
        JsonNode r = post("/api/auth/token", Map.of("username", username, "password", password));
        token = r.get("access_token").asString();
    }

    void saveLogin() throws IOException {
        Path f = tokenFile();
        Files.createDirectories(f.getParent());
        Files.deleteIfExists(f);
        Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(f, JSON.writeValueAsString(Map.of("url", url, "token", token)));
    }

    JsonNode get(String path) throws IOException {
        return send(request(path).GET().build());
    }

    String getText(String path) throws IOException {
        HttpResponse<String> r = call(request(path).GET().build());
        check(r);
        return r.body();
    }

    InputStream stream(String path) throws IOException {
        try {
            HttpResponse<InputStream> r = http.send(
                    request(path).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() >= 400) {
                throw new CliException("HTTP " + r.statusCode() + " from " + path);
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    JsonNode post(String path, Object body) throws IOException {
        String text = body == null ? "{}" : JSON.writeValueAsString(body);
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text))
                .build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofMinutes(5));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    private HttpResponse<String> call(HttpRequest req) throws IOException {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new CliException("Cannot reach the server at " + url + ": is it running?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private JsonNode send(HttpRequest req) throws IOException {
        HttpResponse<String> r = call(req);
        check(r);
        return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    private static void check(HttpResponse<String> r) {
        if (r.statusCode() < 400) return;
        String detail = r.body();
        try {
            JsonNode problem = JSON.readTree(r.body());
            if (problem.has("detail")) detail = problem.get("detail").asString();
        } catch (RuntimeException ignored) {
            // not problem details; show the body as it is
        }
        throw new CliException("HTTP " + r.statusCode() + ": " + detail);
    }
}
