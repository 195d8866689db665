package ai.matrix.architect.publish.oci;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One repository of an OCI registry, through the distribution API (spec 1.1): blobs uploaded monolithically
 * ({@code POST /v2/<name>/blobs/uploads/} then {@code PUT <location>?digest=}), image manifests with an {@code
 * artifactType}, the empty config and a {@code subject}, and the referrers of a manifest: {@code GET
 * /v2/<name>/referrers/<digest>} where the registry has that API, else the referrers tag schema (an image index
 * tagged {@code sha256-<hex>} that lists them), which this class keeps up to date when the registry did not
 * answer the manifest push with {@code OCI-Subject}.
 */
public final class OciRegistry {
    public static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String EMPTY = "application/vnd.oci.empty.v1+json";
    public static final String TITLE = "org.opencontainers.image.title";
    static final byte[] EMPTY_BYTES = "{}".getBytes(StandardCharsets.UTF_8);
    public static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** A content descriptor. */
    public record Descriptor(
            String mediaType, String digest, long size, String artifactType, Map<String, String> annotations) {
        public ObjectNode json() {
            ObjectNode n = JSON.createObjectNode()
                    .put("mediaType", mediaType)
                    .put("digest", digest)
                    .put("size", size);
            if (artifactType != null) n.put("artifactType", artifactType);
            if (annotations != null && !annotations.isEmpty()) {
                ObjectNode a = n.putObject("annotations");
                annotations.forEach(a::put);
            }
            return n;
        }

        static Descriptor of(JsonNode n) {
            Map<String, String> annotations = new java.util.LinkedHashMap<>();
            n.path("annotations")
                    .properties()
                    .forEach(e -> annotations.put(e.getKey(), e.getValue().asString()));
            return new Descriptor(
                    n.path("mediaType").asString(),
                    n.path("digest").asString(),
                    n.path("size").asLong(),
                    n.hasNonNull("artifactType") ? n.get("artifactType").asString() : null,
                    annotations);
        }
    }

    /** A file of the artifact: its name (the layer's title), media type and bytes. */
    public record Layer(String name, String mediaType, byte[] content) {}

    /** What a push made: the manifest's digest, and whether the referrers tag had to be kept. */
    public record Pushed(Descriptor manifest, boolean usedReferrersTag) {}

    private final String base;
    private final String name;
    private final RegistryAuth auth;

    /**
     * @param registry {@code https://registry.example.com} (http only where the operator configured it)
     * @param name the repository, {@code acme/app-evidence}
     * @param username empty for anonymous access
     */
    public OciRegistry(String registry, String name, String username, String password) {
        this(registry, name, username, password, host -> Optional.empty());
    }

    /** @param hostProblem why a token service's host may not be connected to (the address policy) */
    public OciRegistry(
            String registry,
            String name,
            String username,
            String password,
            java.util.function.Function<String, Optional<String>> hostProblem) {
        this.base = registry.replaceAll("/+$", "") + "/v2/" + name;
        this.name = name;
        this.auth = new RegistryAuth(username, password, hostProblem);
    }

    public static String sha256(byte[] bytes) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Uploads the blob unless the registry has it; its descriptor. */
    public Descriptor blob(String mediaType, byte[] content, Map<String, String> annotations) {
        String digest = sha256(content);
        if (send("HEAD", base + "/blobs/" + digest, null, null).statusCode() != 200) {
            HttpResponse<byte[]> start = expect(send("POST", base + "/blobs/uploads/", null, null), 202);
            String location = start.headers()
                    .firstValue("Location")
                    .orElseThrow(() -> new OciException("the registry started an upload without a Location", 0));
            URI upload = URI.create(base).resolve(location);
            String sep = upload.getRawQuery() == null ? "?" : "&";
            expect(send("PUT", upload + sep + "digest=" + digest, "application/octet-stream", content), 201);
        }
        return new Descriptor(mediaType, digest, content.length, null, annotations);
    }

    /** Pushes the artifact: one layer per file, the empty config, {@code subject} when given; tagged when asked. */
    public Pushed push(
            String artifactType, List<Layer> layers, Descriptor subject, Map<String, String> annotations, String tag) {
        Descriptor config = blob(EMPTY, EMPTY_BYTES, null);
        ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MANIFEST);
        m.put("artifactType", artifactType);
        m.set("config", config.json());
        ArrayNode ls = m.putArray("layers");
        for (Layer l : layers)
            ls.add(blob(l.mediaType(), l.content(), Map.of(TITLE, l.name())).json());
        if (subject != null) m.set("subject", subject.json());
        if (annotations != null && !annotations.isEmpty()) {
            ObjectNode a = m.putObject("annotations");
            annotations.forEach(a::put);
        }
        byte[] bytes = JSON.writeValueAsBytes(m);
        String digest = sha256(bytes);
        HttpResponse<byte[]> r =
                expect(send("PUT", base + "/manifests/" + (tag == null ? digest : tag), MANIFEST, bytes), 201);
        Descriptor pushed = new Descriptor(MANIFEST, digest, bytes.length, artifactType, annotations);
        boolean fallback =
                subject != null && r.headers().firstValue("OCI-Subject").isEmpty();
        if (fallback) addToReferrersTag(subject, pushed);
        return new Pushed(pushed, fallback);
    }

    /** Puts a manifest (or index) as given under a tag or its digest; its descriptor. */
    public Descriptor putManifest(String reference, String mediaType, byte[] bytes) {
        expect(send("PUT", base + "/manifests/" + reference, mediaType, bytes), 201);
        return new Descriptor(mediaType, sha256(bytes), bytes.length, null, null);
    }

    /** The referrers tag of a digest: {@code sha256:abc…} → {@code sha256-abc…}. */
    public static String referrersTag(String digest) {
        return digest.replace(':', '-');
    }

    private void addToReferrersTag(Descriptor subject, Descriptor referrer) {
        String tag = referrersTag(subject.digest());
        ObjectNode index;
        Optional<byte[]> existing = manifestBytes(tag, INDEX);
        if (existing.isPresent()) index = (ObjectNode) JSON.readTree(existing.get());
        else index = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", INDEX);
        ArrayNode manifests = index.has("manifests") ? (ArrayNode) index.get("manifests") : index.putArray("manifests");
        for (JsonNode d : manifests) if (d.path("digest").asString().equals(referrer.digest())) return;
        manifests.add(referrer.json());
        expect(send("PUT", base + "/manifests/" + tag, INDEX, JSON.writeValueAsBytes(index)), 201);
    }

    /** The manifests that name {@code digest} as their subject: the referrers API, else the referrers tag. */
    public List<Descriptor> referrers(String digest) {
        HttpResponse<byte[]> r = send("GET", base + "/referrers/" + digest, null, null, INDEX);
        byte[] index;
        if (r.statusCode() == 200) index = r.body();
        else if (r.statusCode() == 404) {
            Optional<byte[]> tagged = manifestBytes(referrersTag(digest), INDEX);
            if (tagged.isEmpty()) return List.of();
            index = tagged.get();
        } else
            throw new OciException(
                    "GET referrers of " + digest + " in " + name + " answered " + r.statusCode(), r.statusCode());
        List<Descriptor> out = new ArrayList<>();
        for (JsonNode d : JSON.readTree(index).path("manifests")) out.add(Descriptor.of(d));
        return out;
    }

    /** A manifest's bytes by tag or digest, asked for as {@code accept}; empty when the registry has none. */
    public Optional<byte[]> manifestBytes(String reference, String accept) {
        HttpResponse<byte[]> r = send("GET", base + "/manifests/" + reference, null, null, accept);
        if (r.statusCode() == 404) return Optional.empty();
        return Optional.of(expect(r, 200).body());
    }

    public byte[] blobBytes(String digest) {
        return expect(send("GET", base + "/blobs/" + digest, null, null), 200).body();
    }

    private HttpResponse<byte[]> send(String method, String url, String type, byte[] body) {
        return send(method, url, type, body, MANIFEST + ", " + INDEX);
    }

    /** Sends; a 401 with a bearer challenge gets a token (see {@link RegistryAuth}) and is sent once more. */
    private HttpResponse<byte[]> send(String method, String url, String type, byte[] body, String accept) {
        HttpResponse<byte[]> r = sendOnce(method, url, type, body, accept);
        if (r.statusCode() == 401
                && auth.answer(
                        CLIENT, r.headers().firstValue("WWW-Authenticate").orElse(null))) {
            r = sendOnce(method, url, type, body, accept);
        }
        return r;
    }

    private HttpResponse<byte[]> sendOnce(String method, String url, String type, byte[] body, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(2))
                .header("Accept", accept);
        String authorization = auth.header();
        if (authorization != null) b.header("Authorization", authorization);
        if (type != null) b.header("Content-Type", type);
        b.method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new OciException(method + " " + url + " got no answer: " + e.getMessage(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OciException("interrupted", 0);
        }
    }

    private static HttpResponse<byte[]> expect(HttpResponse<byte[]> r, int status) {
        if (r.statusCode() == status) return r;
        String text = r.body() == null ? "" : new String(r.body(), StandardCharsets.UTF_8);
        if (text.length() > 500) text = text.substring(0, 500) + "…";
        throw new OciException(
                r.request().method() + " " + r.uri().getPath() + " answered " + r.statusCode() + ": " + text.strip(),
                r.statusCode());
    }

    /** The registry refused or did not answer ({@code status} 0). */
    public static final class OciException extends RuntimeException {
        private final int status;

        OciException(String message, int status) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
