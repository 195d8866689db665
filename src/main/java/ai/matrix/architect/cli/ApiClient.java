package ai.matrix.architect.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client of the HTTP API for the command line. Errors become {@link CliException}s with the exit code a
 * script can branch on: 5 when the server cannot be reached or refuses the token, 1 for any other refusal.
 */
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

    String url() {
        return url;
    }

    void login(String username, String password) throws IOException {
        JsonNode r = post("/api/auth/token", Map.of("username", username, "password", password));
        token = r.get("access_token").asString();
    }

    String token() {
        return token;
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
                throw new CliException(
                        "HTTP " + r.statusCode() + " from " + path, ExitCodes.ofHttpStatus(r.statusCode()));
            }
            return r.body();
        } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
            throw unreachable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    JsonNode post(String path, Object body, String... headers) throws IOException {
        String text = body == null ? "{}" : JSON.writeValueAsString(body);
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return send(b.POST(HttpRequest.BodyPublishers.ofString(text)).build());
    }

    /** Any method with an optional JSON body (PATCH, PUT, DELETE, ...). */
    JsonNode send(String method, String path, Object body) throws IOException {
        HttpRequest.Builder b = request(path);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return send(b.build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofMinutes(5));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    private HttpResponse<String> call(HttpRequest req) throws IOException {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
            throw unreachable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private CliException unreachable() {
        return new CliException(
                "Cannot reach the server at " + url + ": is it running? (give --server, or set ARCHITECT_URL)",
                ExitCodes.UNREACHABLE);
    }

    /** The bytes of a GET (an artifact), refusals as for JSON calls. */
    byte[] getBytes(String path) throws IOException {
        try {
            HttpResponse<byte[]> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() >= 400) {
                check(r.statusCode(), new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return r.body();
        } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
            throw unreachable();
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
        check(r.statusCode(), r.body());
    }

    private static void check(int status, String body) {
        if (status < 400) return;
        String detail = body;
        try {
            JsonNode problem = JSON.readTree(body);
            if (problem.has("detail")) detail = problem.get("detail").asString();
        } catch (RuntimeException ignored) {
            // not problem details; show the body as it is
        }
        if (status == 401) detail += " (log in again with `matrix-architect login`, or set ARCHITECT_TOKEN)";
        throw new CliException("HTTP " + status + ": " + detail, ExitCodes.ofHttpStatus(status));
    }
}
