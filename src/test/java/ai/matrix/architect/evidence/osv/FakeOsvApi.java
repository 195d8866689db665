package ai.matrix.architect.evidence.osv;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * api.osv.dev cannot be reached from here: this answers on loopback in its wire format. {@code POST
 * /v1/querybatch} answers each query, in order, with {@code {"vulns":[{"id","modified"}]}} a page of
 * {@code pageSize} ids at a time and a {@code next_page_token} while more remain, or {@code {}} when the package
 * version has none; {@code GET /v1/vulns/{id}} answers the full record or 404. Which ids a package version has is
 * set by the test, as OSV's own matching would have decided. Every request body is recorded.
 */
public final class FakeOsvApi implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final int pageSize;
    private final Map<String, JsonNode> records = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, String> modified = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, List<String>> affected = Collections.synchronizedMap(new LinkedHashMap<>());
    public final List<JsonNode> batches = Collections.synchronizedList(new ArrayList<>());
    public final List<String> gets = Collections.synchronizedList(new ArrayList<>());
    private volatile int failWith;
    private volatile CountDownLatch hold;

    public FakeOsvApi(int pageSize) throws IOException {
        this.pageSize = pageSize;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/querybatch", this::querybatch);
        server.createContext("/v1/vulns/", this::vuln);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves the record and lists it for each package version. */
    public FakeOsvApi advisory(String record, String ecosystem, String name, String... versions) {
        update(record);
        JsonNode adv = JSON.readTree(record);
        for (String v : versions) {
            affected.computeIfAbsent(ecosystem + "\u0000" + name + "\u0000" + v, k -> new ArrayList<>())
                    .add(adv.get("id").asString());
        }
        return this;
    }

    /** Replaces a served record (a new modification time makes a client with a cache ask for it again). */
    public void update(String record) {
        JsonNode adv = JSON.readTree(record);
        records.put(adv.get("id").asString(), adv);
        modified.put(adv.get("id").asString(), adv.path("modified").asString());
    }

    /** Keeps listing the id but answers 404 for its record. */
    public void forget(String id) {
        records.remove(id);
    }

    /** Every request is answered with this status from now on (0: normally). */
    public void failWith(int status) {
        failWith = status;
    }

    /** Requests wait until the latch is released (for a client's timeout). */
    public void hold(CountDownLatch latch) {
        hold = latch;
    }

    private boolean refused(HttpExchange ex) throws IOException {
        CountDownLatch h = hold;
        if (h != null) {
            try {
                h.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failWith == 0) return false;
        send(ex, failWith, "{\"code\": 14, \"message\": \"service unavailable\"}");
        return true;
    }

    private void querybatch(HttpExchange ex) throws IOException {
        JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
        batches.add(body);
        if (refused(ex)) return;
        if (!ex.getRequestMethod().equals("POST")) {
            send(ex, 405, "{}");
            return;
        }
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode results = answer.putArray("results");
        for (JsonNode q : body.path("queries")) {
            String key = q.at("/package/ecosystem").asString("") + "\u0000"
                    + q.at("/package/name").asString("") + "\u0000"
                    + q.path("version").asString("");
            List<String> ids = affected.getOrDefault(key, List.of());
            int from =
                    q.has("page_token") ? Integer.parseInt(q.get("page_token").asString()) : 0;
            ObjectNode r = results.addObject();
            if (ids.isEmpty()) continue;
            ArrayNode vulns = r.putArray("vulns");
            for (String id : ids.subList(from, Math.min(ids.size(), from + pageSize))) {
                ObjectNode v = vulns.addObject();
                v.put("id", id);
                v.put("modified", modified.get(id));
            }
            if (from + pageSize < ids.size()) r.put("next_page_token", String.valueOf(from + pageSize));
        }
        send(ex, 200, answer.toString());
    }

    private void vuln(HttpExchange ex) throws IOException {
        String id = ex.getRequestURI().getPath().substring("/v1/vulns/".length());
        gets.add(id);
        if (refused(ex)) return;
        JsonNode adv = records.get(id);
        if (adv == null) send(ex, 404, "{\"code\": 5, \"message\": \"Bug not found.\"}");
        else send(ex, 200, adv.toString());
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        CountDownLatch h = hold;
        if (h != null) h.countDown();
        server.stop(0);
    }
}
