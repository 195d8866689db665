package ai.matrix.architect.publish.hub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Matrix Hub's catalog routes as its own clients use them: {@code POST /remotes {"url"}} registers an
 * {@code index.json}, {@code POST /ingest {"url"}} has the Hub read it now and answers {@code {"results": [{"url",
 * "ok", "stats", "error"}]}}; both with {@code Authorization: Bearer <API_TOKEN>}. A refusal, or an ingest whose
 * result is not ok, is a {@link HubException} carrying the Hub's answer.
 */
public final class HubClient {
    static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String hub;
    private final String token;

    public HubClient(String hub, String token) {
        this.hub = hub.replaceAll("/+$", "");
        this.token = token;
    }

    public void register(String indexUrl) {
        post("/remotes", indexUrl);
    }

    public void ingest(String indexUrl) {
        JsonNode answer = post("/ingest", indexUrl);
        for (JsonNode r : answer.path("results")) {
            if (!r.path("ok").asBoolean(false)) {
                throw new HubException(
                        "the Hub could not ingest " + r.path("url").asString(indexUrl) + ": "
                                + r.path("error").asString("no reason given"),
                        200);
            }
        }
    }

    private JsonNode post(String path, String indexUrl) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(JSON.createObjectNode().put("url", indexUrl))));
        if (token != null && !token.isEmpty()) b.header("Authorization", "Bearer " + token);
        HttpResponse<String> r;
        try {
            r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new HubException("POST " + hub + path + " got no answer: " + e.getMessage(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException("interrupted", 0);
        }
        String text = r.body() == null ? "" : r.body().strip();
        if (text.length() > 500) text = text.substring(0, 500) + "…";
        if (r.statusCode() >= 300) {
            throw new HubException("POST " + hub + path + " answered " + r.statusCode() + ": " + text, r.statusCode());
        }
        return text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
    }

    /** The Hub refused or failed ({@code status} 0: no answer). */
    public static final class HubException extends RuntimeException {
        private final int status;

        HubException(String message, int status) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
