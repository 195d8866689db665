package ai.matrix.architect.publish.forge;

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

/**
 * JSON over HTTP to one host's REST API, with its authentication header. No redirects are followed (a redirect
 * would carry the token elsewhere); an answer of 300 or more becomes a {@link ForgeException}.
 */
public final class ForgeHttp {
    static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final String api;
    private final Map<String, String> headers;

    /**
     * @param api the API's root, without a trailing slash
     * @param headers the authentication and content negotiation headers of every call
     */
    public ForgeHttp(String api, Map<String, String> headers) {
        this.api = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
        this.headers = Map.copyOf(headers);
    }

    JsonNode get(String path) {
        return call("GET", path, null);
    }

    JsonNode call(String method, String path, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        b.header("Accept", headers.getOrDefault("Accept", "application/json"));
        if (body != null) b.header("Content-Type", "application/json");
        b.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> r;
        try {
            r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ForgeException(method + " " + api + path + " got no answer: " + e.getMessage(), 0, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ForgeException("interrupted while calling " + api + path, 0, "");
        }
        String text = r.body() == null ? "" : r.body();
        if (r.statusCode() >= 300) {
            String shown = text.length() > 500 ? text.substring(0, 500) + "…" : text;
            throw new ForgeException(
                    method + " " + api + path + " answered " + r.statusCode() + ": " + shown.strip(),
                    r.statusCode(),
                    shown);
        }
        return text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
    }

    static tools.jackson.databind.node.ObjectNode object() {
        return JSON.createObjectNode();
    }
}
