package ai.matrix.architect.deploy.argocd;

import ai.matrix.architect.workspace.Git;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local stand-in for Argo CD's API (Argo CD cannot run here), speaking its JSON for one application: a sync
 * reads the manifests at the revision from the real GitOps repository and "applies" the image tag it finds; the
 * operation runs for one status read, then the app is Synced and Healthy, or Degraded for the tag {@code bad};
 * the tag {@code stuck} never leaves Running until the operation is terminated. With auto-sync on, {@link
 * #autoSync} does what Argo CD's automated sync does: sync to the branch's head.
 */
final class FakeArgoCd implements AutoCloseable {
    static final String TOKEN = "argocd-test-token";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Pattern IMAGE = Pattern.compile("image: \\S+:(\\S+)");

    private final HttpServer server;
    private final Path gitops;
    private final String app;
    String sync = "Unknown";
    String revision = "";
    String health = "Missing";
    String phase = "";
    String message = "";
    String pending = "";
    String live = "";
    int terminations;

    FakeArgoCd(Path gitops, String app) throws IOException {
        this.gitops = gitops;
        this.app = app;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/applications/" + app, this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private synchronized void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath().substring(("/api/v1/applications/" + app).length());
        if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            answer(ex, 401, Map.of("error", "invalid session", "code", 16, "message", "invalid session"));
            return;
        }
        switch (ex.getRequestMethod() + " " + path) {
            case "POST /sync" -> {
                JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
                if (phase.equals("Running")) {
                    answer(ex, 409, Map.of("message", "another operation is already in progress", "code", 9));
                    return;
                }
                startSync(body.path("revision").asString(""));
                answer(ex, 200, application());
            }
            case "GET " -> {
                progress();
                answer(ex, 200, application());
            }
            case "DELETE /operation" -> {
                if (phase.equals("Running")) {
                    phase = "Failed";
                    message = "Operation terminated";
                    terminations++;
                }
                answer(ex, 200, Map.of());
            }
            default -> answer(ex, 404, Map.of("message", "not found", "code", 5));
        }
    }

    synchronized void startSync(String rev) {
        revision = rev.isEmpty() ? head() : rev;
        String manifest = Git.tryRun(
                        null,
                        Map.of(),
                        Duration.ofSeconds(30),
                        null,
                        "--git-dir=" + gitops,
                        "show",
                        revision + ":apps/web/app.yaml")
                .stdout();
        Matcher m = IMAGE.matcher(manifest);
        pending = m.find() ? m.group(1) : "";
        phase = "Running";
        message = "";
        sync = "OutOfSync";
        health = "Progressing";
    }

    /** The sync finishes at the first status read after it started, unless its version hangs. */
    private void progress() {
        if (!phase.equals("Running") || pending.equals("stuck")) return;
        phase = "Succeeded";
        message = "successfully synced";
        sync = "Synced";
        live = pending;
        health = pending.isEmpty() ? "Missing" : pending.equals("bad") ? "Degraded" : "Healthy";
    }

    /** Argo CD's automated sync: to the head of the branch, run to its end. */
    synchronized void autoSync() {
        startSync("");
        progress();
    }

    String head() {
        return Git.run(null, Map.of(), Duration.ofSeconds(30), "--git-dir=" + gitops, "rev-parse", "main")
                .strip();
    }

    private Map<String, Object> application() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("sync", Map.of("status", sync, "revision", revision));
        status.put("health", Map.of("status", health));
        if (!phase.isEmpty()) {
            status.put(
                    "operationState",
                    Map.of("phase", phase, "message", message, "syncResult", Map.of("revision", revision)));
        }
        return Map.of(
                "metadata", Map.of("name", app, "namespace", "argocd"),
                "spec", Map.of("syncPolicy", Map.of("automated", Map.of("prune", true, "selfHeal", true))),
                "status", status);
    }

    private static void answer(HttpExchange ex, int code, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
