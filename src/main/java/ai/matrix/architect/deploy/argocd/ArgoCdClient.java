package ai.matrix.architect.deploy.argocd;

import ai.matrix.architect.deploy.DeployException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Argo CD's REST API, the three calls a GitOps deploy needs: sync an application to a revision, read the
 * application (its {@code status.sync}, {@code status.health} and {@code status.operationState}), and terminate
 * the running operation.
 */
final class ArgoCdClient {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final String application;
    private final Supplier<String> token;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    ArgoCdClient(String base, String application, Supplier<String> token) {
        this.base = base.replaceAll("/+$", "");
        this.application = application;
        this.token = token;
    }

    /** {@code POST /api/v1/applications/{name}/sync} to the revision. */
    void sync(String revision) throws DeployException, InterruptedException {
        String body = JSON.writeValueAsString(java.util.Map.of("revision", revision, "prune", false));
        send("POST", "/sync", HttpRequest.BodyPublishers.ofString(body));
    }

    /** {@code GET /api/v1/applications/{name}}. */
    JsonNode application() throws DeployException, InterruptedException {
        return JSON.readTree(send("GET", "", HttpRequest.BodyPublishers.noBody()));
    }

    /** {@code DELETE /api/v1/applications/{name}/operation}: terminates the running sync. */
    void terminate() throws DeployException, InterruptedException {
        send("DELETE", "/operation", HttpRequest.BodyPublishers.noBody());
    }

    private String send(String method, String suffix, HttpRequest.BodyPublisher body)
            throws DeployException, InterruptedException {
        String url = base + "/api/v1/applications/" + application + suffix;
        try {
            HttpResponse<String> res = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + token.get())
                            .header("Content-Type", "application/json")
                            .method(method, body)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() / 100 != 2) {
                String message = res.body();
                try {
                    message = JSON.readTree(res.body()).path("message").asString(res.body());
                } catch (RuntimeException e) {
                    // not JSON: the body as it came
                }
                throw new DeployException("Argo CD answered " + method + " " + suffix + " with HTTP " + res.statusCode()
                        + ": " + message);
            }
            return res.body();
        } catch (IOException e) {
            throw new DeployException("Argo CD at " + base + " is unreachable: " + e.getMessage(), e);
        }
    }
}
