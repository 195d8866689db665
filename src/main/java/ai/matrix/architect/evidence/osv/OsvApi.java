package ai.matrix.architect.evidence.osv;

import ai.matrix.architect.ecosystem.Package;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OSV API: {@code POST /v1/querybatch} names the advisories of each package version (ids and modification
 * times only, in query order, a page at a time), {@code GET /v1/vulns/{id}} gives each advisory in full, which
 * {@link OsvScanner} then matches like an offline one. Full advisories are kept in memory by id and modification
 * time, so a later scan asks only for what is new or changed.
 */
public final class OsvApi {
    /** The most queries OSV takes in one batch. */
    static final int BATCH = 1000;
    /** Rounds of page tokens after which an answer is taken as not ending. */
    private static final int MAX_PAGES = 100;

    private static final int CACHED_ADVISORIES = 20_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final Duration timeout;
    private final HttpClient http;
    private final Map<String, Cached> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > CACHED_ADVISORIES;
        }
    };

    private record Cached(String modified, JsonNode advisory) {}

    /** The advisories OSV names for each package version, in full but not yet matched against the version. */
    public record Answer(Map<String, List<JsonNode>> byPackage, int requests) {
        public List<JsonNode> advisories(Package p) {
            return byPackage.getOrDefault(queryKey(p), List.of());
        }

        /** How many package-advisory pairs OSV named. */
        public int listed() {
            return byPackage.values().stream().mapToInt(List::size).sum();
        }
    }

    public OsvApi(String baseUrl, Duration timeout) {
        this.base = baseUrl.replaceAll("/+$", "");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public String baseUrl() {
        return base;
    }

    /** Asks OSV about every distinct package version; any failed request fails the whole answer. */
    public Answer query(List<Package> packages) throws IOException, InterruptedException {
        Map<String, ObjectNode> queries = new LinkedHashMap<>();
        for (Package p : packages) {
            if (p.version() == null || p.version().isBlank()) continue;
            queries.computeIfAbsent(queryKey(p), k -> query(p));
        }
        List<String> keys = new ArrayList<>(queries.keySet());
        Map<String, Map<String, String>> ids = new LinkedHashMap<>();
        int requests = 0;
        for (int from = 0; from < keys.size(); from += BATCH) {
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + BATCH));
            requests += batch(batch, queries, ids);
        }
        Map<String, String> modified = new LinkedHashMap<>();
        ids.values().forEach(modified::putAll);
        Map<String, JsonNode> full = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : modified.entrySet()) {
            Cached c;
            synchronized (cache) {
                c = cache.get(e.getKey());
            }
            if (c == null || e.getValue() == null || !e.getValue().equals(c.modified())) {
                c = new Cached(e.getValue(), get(e.getKey()));
                requests++;
                synchronized (cache) {
                    cache.put(e.getKey(), c);
                }
            }
            full.put(e.getKey(), c.advisory());
        }
        Map<String, List<JsonNode>> byPackage = new LinkedHashMap<>();
        ids.forEach((key, vulns) ->
                byPackage.put(key, vulns.keySet().stream().map(full::get).toList()));
        return new Answer(byPackage, requests);
    }

    /** One batch of at most {@value #BATCH} queries, following page tokens; returns the requests it made. */
    private int batch(List<String> batch, Map<String, ObjectNode> queries, Map<String, Map<String, String>> ids)
            throws IOException, InterruptedException {
        Map<String, String> pending = new LinkedHashMap<>();
        batch.forEach(k -> pending.put(k, null));
        int requests = 0;
        while (!pending.isEmpty()) {
            if (requests == MAX_PAGES) {
                throw new IOException("the OSV API still had further pages after " + MAX_PAGES + " requests");
            }
            ObjectNode body = JSON.createObjectNode();
            ArrayNode list = body.putArray("queries");
            for (Map.Entry<String, String> e : pending.entrySet()) {
                ObjectNode q = queries.get(e.getKey()).deepCopy();
                if (e.getValue() != null) q.put("page_token", e.getValue());
                list.add(q);
            }
            JsonNode results = post("/v1/querybatch", body).path("results");
            requests++;
            if (!results.isArray() || results.size() != pending.size()) {
                throw new IOException("the OSV API answered " + (results.isArray() ? results.size() : "no")
                        + " results to " + pending.size() + " queries");
            }
            Map<String, String> next = new LinkedHashMap<>();
            int i = 0;
            for (String key : pending.keySet()) {
                JsonNode result = results.get(i++);
                Map<String, String> found = ids.computeIfAbsent(key, k -> new LinkedHashMap<>());
                for (JsonNode v : result.path("vulns")) {
                    String id = v.path("id").asString("");
                    if (!id.isEmpty()) found.put(id, v.path("modified").asString(null));
                }
                String token = result.path("next_page_token").asString("");
                if (!token.isEmpty()) next.put(key, token);
            }
            pending.clear();
            pending.putAll(next);
        }
        return requests;
    }

    private JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build());
    }

    private JsonNode get(String id) throws IOException, InterruptedException {
        JsonNode adv = send(
                HttpRequest.newBuilder(URI.create(base + "/v1/vulns/" + URLEncoder.encode(id, StandardCharsets.UTF_8)))
                        .timeout(timeout)
                        .header("Accept", "application/json")
                        .GET()
                        .build());
        if (!id.equals(adv.path("id").asString(""))) {
            throw new IOException("the OSV API answered GET /v1/vulns/" + id + " with another record");
        }
        return adv;
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        String what = request.method() + " " + request.uri().getPath();
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("the OSV API did not answer " + what + ": " + e, e);
        }
        if (r.statusCode() != 200) {
            String body = r.body() == null ? "" : r.body().strip();
            throw new IOException("the OSV API answered " + what + " with HTTP " + r.statusCode()
                    + (body.isEmpty() ? "" : ": " + body.substring(0, Math.min(200, body.length()))));
        }
        try {
            return JSON.readTree(r.body());
        } catch (JacksonException e) {
            throw new IOException("the OSV API answered " + what + " with no JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static ObjectNode query(Package p) {
        ObjectNode q = JSON.createObjectNode();
        ObjectNode pkg = q.putObject("package");
        pkg.put("name", p.name());
        pkg.put("ecosystem", p.ecosystem());
        q.put("version", p.version());
        return q;
    }

    static String queryKey(Package p) {
        return OsvDatabase.key(p.ecosystem(), p.name()) + "\u0000" + p.version();
    }
}
