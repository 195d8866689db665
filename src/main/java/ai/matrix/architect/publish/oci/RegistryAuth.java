package ai.matrix.architect.publish.oci;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * How the client proves itself to a registry: HTTP basic auth with the configured credentials, or, when the
 * registry answers 401 with a {@code Bearer} challenge (Docker Hub, GHCR, Harbor, ECR's and GitLab's registries:
 * the distribution project's token authentication), a token from the challenge's {@code realm} for its
 * {@code service} and {@code scope}, asked for with the same credentials. Written here because the JDK's HTTP
 * client has no such flow and no well-kept Java client of the distribution API fits a push of a few blobs.
 */
final class RegistryAuth {
    private static final Pattern PARAM = Pattern.compile("([A-Za-z]+)=\"([^\"]*)\"");

    private final String basic;
    private final Function<String, Optional<String>> hostProblem;
    private volatile String token;

    /**
     * @param username empty for anonymous access
     * @param hostProblem why a host may not be connected to (the address policy), empty when it may
     */
    RegistryAuth(String username, String password, Function<String, Optional<String>> hostProblem) {
        this.basic = username == null || username.isEmpty()
                ? null
                : "Basic "
                        + Base64.getEncoder()
                                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.hostProblem = hostProblem;
    }

    /** The Authorization header of the next request, or null. */
    String header() {
        String t = token;
        return t != null ? "Bearer " + t : basic;
    }

    /**
     * Answers a 401's {@code WWW-Authenticate}: true when a token was obtained and the request is worth repeating,
     * false when the challenge is not a bearer challenge (the credentials were simply refused).
     */
    boolean answer(HttpClient client, String challenge) {
        if (challenge == null || !challenge.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        Map<String, String> params = params(challenge.substring(7));
        String realm = params.get("realm");
        if (realm == null || !(realm.startsWith("https://") || realm.startsWith("http://"))) {
            throw new OciRegistry.OciException(
                    "the registry's bearer challenge names no usable realm: " + challenge, 401);
        }
        URI service = URI.create(realm);
        hostProblem.apply(service.getHost()).ifPresent(p -> {
            throw new OciRegistry.OciException(
                    "the registry's token service " + service.getHost() + " " + p
                            + "; connections there are not allowed",
                    401);
        });
        StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
        url.append("service=").append(enc(params.getOrDefault("service", "")));
        if (params.containsKey("scope")) url.append("&scope=").append(enc(params.get("scope")));
        token = fetch(client, URI.create(url.toString()));
        return true;
    }

    private String fetch(HttpClient client, URI url) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET();
        if (basic != null) b.header("Authorization", basic);
        HttpResponse<String> r;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new OciRegistry.OciException(
                    "the registry's token service " + url.getHost() + " did not answer: " + e.getMessage(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OciRegistry.OciException("interrupted", 0);
        }
        String body = r.body() == null ? "" : r.body();
        if (r.statusCode() != 200) {
            String shown = body.length() > 300 ? body.substring(0, 300) + "…" : body;
            throw new OciRegistry.OciException(
                    "the registry's token service " + url.getHost() + url.getPath() + " answered " + r.statusCode()
                            + ": " + shown.strip(),
                    r.statusCode() >= 500 ? r.statusCode() : 401);
        }
        JsonNode answer = OciRegistry.JSON.readTree(body);
        String t = answer.path("token").asString(answer.path("access_token").asString(""));
        if (t.isBlank()) throw new OciRegistry.OciException("the registry's token service answered no token", 401);
        return t;
    }

    static Map<String, String> params(String challenge) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) out.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2));
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
