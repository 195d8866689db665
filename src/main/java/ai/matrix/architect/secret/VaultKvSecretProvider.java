package ai.matrix.architect.secret;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * HashiCorp Vault, KV secrets engine version 2, through its HTTP API: {@code vault:apps/ci#token} reads
 * {@code GET <address>/v1/<mount>/data/apps/ci} with {@code X-Vault-Token} (and {@code X-Vault-Namespace} when
 * set) and takes the field {@code token} of {@code data.data}; without {@code #field} the field {@code value}.
 */
public final class VaultKvSecretProvider implements SecretProvider {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final URI address;
    private final String mount;
    private final String token;
    private final String namespace;
    private final HttpClient http;

    public VaultKvSecretProvider(URI address, String mount, String token, String namespace) {
        this.address = address;
        this.mount = mount == null || mount.isBlank() ? "secret" : mount;
        this.token = token;
        this.namespace = namespace;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public String scheme() {
        return "vault";
    }

    @Override
    public Optional<String> get(String name) {
        int hash = name.indexOf('#');
        String path = hash < 0 ? name : name.substring(0, hash);
        String field = hash < 0 ? "value" : name.substring(hash + 1);
        if (!path.matches("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*") || path.contains("..")) return Optional.empty();
        StringBuilder encoded = new StringBuilder();
        for (String part : path.split("/")) {
            encoded.append('/').append(URLEncoder.encode(part, StandardCharsets.UTF_8));
        }
        String base = address.toString().replaceAll("/+$", "");
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + "/v1/" + mount + "/data" + encoded))
                .timeout(Duration.ofSeconds(10))
                .header("X-Vault-Token", token)
                .header("Accept", "application/json")
                .GET();
        if (namespace != null && !namespace.isBlank()) req.header("X-Vault-Namespace", namespace);
        HttpResponse<String> res;
        try {
            res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SecretException(
                    "Vault at " + address + " cannot be reached: "
                            + e.getClass().getSimpleName(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SecretException("interrupted while asking Vault", e);
        }
        if (res.statusCode() == 404) return Optional.empty();
        if (res.statusCode() != 200) {
            throw new SecretException(
                    "Vault answered " + res.statusCode() + " for " + path + ": " + errors(res.body()));
        }
        JsonNode data = JSON.readTree(res.body()).path("data").path("data");
        JsonNode value = data.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asString());
    }

    private static String errors(String body) {
        try {
            JsonNode errors = JSON.readTree(body).get("errors");
            return errors == null ? "no details" : errors.toString();
        } catch (RuntimeException e) {
            return "no details";
        }
    }
}
