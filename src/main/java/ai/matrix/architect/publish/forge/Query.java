package ai.matrix.architect.publish.forge;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Small helpers for query strings and host limits. */
final class Query {
    private Query() {}

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Hosts cap a status description (GitHub at 140 characters). */
    static String cap(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
