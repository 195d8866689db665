package ai.matrix.architect.publish.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for the Matrix Hub's catalog routes with its auth: {@code POST /remotes} and {@code POST /ingest}
 * ({@code {"url"}}, {@code Authorization: Bearer <API_TOKEN>}, 401 {@code {"detail": …}} otherwise). Ingest really
 * reads the index and every manifest it lists, as the Hub does, and keeps them.
 */
public final class FakeHub implements AutoCloseable {
    static final ObjectMapper JSON = JsonMapper.builder().build();
    private final HttpServer server;
    private final String token;
    public final List<String> remotes = new CopyOnWriteArrayList<>();
    public final List<JsonNode> ingested = new CopyOnWriteArrayList<>();
    public final List<String> calls = new CopyOnWriteArrayList<>();
    /** 0: answer as the Hub does; else answer every call with this status. */
    public volatile int failWith;
    /** The address the catalog's own links name, and where this fake reaches it instead (tests on a random port). */
    public volatile String linkBase = "";

    public volatile String reachAt = "";

    public FakeHub(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            calls.add(ex.getRequestMethod() + " " + path);
            JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
            if (!("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, JSON.createObjectNode().put("detail", "Invalid or missing API token"));
                return;
            }
            if (failWith != 0) {
                String detail =
                        failWith == 401 ? "Invalid or missing API token" : "ingest worker crashed: database is locked";
                send(ex, failWith, JSON.createObjectNode().put("detail", detail));
                return;
            }
            String url = body.path("url").asString();
            switch (ex.getRequestMethod() + " " + path) {
                case "POST /remotes" -> {
                    if (!remotes.contains(url)) remotes.add(url);
                    send(
                            ex,
                            200,
                            JSON.createObjectNode()
                                    .put("added", true)
                                    .put("url", url)
                                    .put("total", remotes.size()));
                }
                case "POST /ingest" -> {
                    ObjectNode answer = JSON.createObjectNode();
                    ObjectNode r = answer.putArray("results").addObject().put("url", url);
                    try {
                        JsonNode index = get(url);
                        int n = 0;
                        for (JsonNode m : index.path("manifests")) {
                            ingested.add(get(m.asString()));
                            n++;
                        }
                        r.put("ok", true).putObject("stats").put("manifests", n);
                    } catch (Exception e) {
                        r.put("ok", false).put("error", e.toString());
                    }
                    send(ex, 200, answer);
                }
                default -> send(ex, 404, JSON.createObjectNode().put("detail", "Not Found"));
            }
        }
    }

    private JsonNode get(String link) throws Exception {
        String url = linkBase.isEmpty() ? link : link.replace(linkBase, reachAt);
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException(url + " answered " + r.statusCode());
        return JSON.readTree(r.body());
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] out = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
