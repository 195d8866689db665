package ai.matrix.architect.ecosystem;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * npm's {@code package-lock.json} (or shrinkwrap): the {@code packages} map of lockfile versions 2 and 3 with
 * each package's edges resolved the way node does (nearest {@code node_modules} first), else version 1's nested
 * {@code dependencies}.
 */
final class NpmLock {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MODULES = "node_modules/";

    private final DependencyCollector into;

    NpmLock(DependencyCollector into) {
        this.into = into;
    }

    void read(String text, String rel) {
        JsonNode lock = JSON.readTree(text);
        into.source(rel);
        JsonNode pkgs = lock.get("packages");
        if (pkgs == null || !pkgs.isObject()) {
            v1(lock.path("dependencies"), rel, true);
            return;
        }
        Map<String, String> purls = new LinkedHashMap<>();
        for (var e : pkgs.properties()) {
            String key = e.getKey();
            int i = key.lastIndexOf(MODULES);
            if (i < 0 || e.getValue().path("link").asBoolean(false)) continue;
            String version = e.getValue().path("version").asString("");
            if (version.isEmpty()) continue;
            purls.put(key, purl(key.substring(i + MODULES.length()), version));
        }
        for (var e : pkgs.properties()) {
            if (purls.containsKey(e.getKey())) add(e.getKey(), e.getValue(), purls, rel);
        }
        JsonNode top = pkgs.path("");
        for (String field : List.of("dependencies", "devDependencies", "optionalDependencies")) {
            for (String d : top.path(field).propertyNames()) {
                String target = purls.get(MODULES + d);
                if (target != null) into.direct(target);
            }
        }
    }

    private void add(String key, JsonNode p, Map<String, String> purls, String rel) {
        String name = key.substring(key.lastIndexOf(MODULES) + MODULES.length());
        List<String> deps = new ArrayList<>();
        for (String field : List.of("dependencies", "optionalDependencies", "peerDependencies")) {
            for (String d : p.path(field).propertyNames()) {
                String target = resolve(key, d, purls);
                if (target != null) deps.add(target);
            }
        }
        into.add(new Package(
                "npm",
                name,
                p.path("version").asString(),
                purls.get(key),
                integrity(p.path("integrity")),
                p.has("license") && p.get("license").isString()
                        ? List.of(p.get("license").asString())
                        : List.of(),
                p.path("dev").asBoolean(false),
                deps,
                rel));
    }

    private static String resolve(String from, String dep, Map<String, String> purls) {
        String base = from;
        while (true) {
            String candidate = base + "/" + MODULES + dep;
            if (purls.containsKey(candidate)) return purls.get(candidate);
            int i = base.lastIndexOf("/" + MODULES);
            if (i < 0) break;
            base = base.substring(0, i);
        }
        return purls.get(MODULES + dep);
    }

    private void v1(JsonNode deps, String rel, boolean top) {
        for (var e : deps.properties()) {
            JsonNode p = e.getValue();
            String version = p.path("version").asString("");
            if (version.isEmpty()) continue;
            String purl = purl(e.getKey(), version);
            into.add(new Package(
                    "npm",
                    e.getKey(),
                    version,
                    purl,
                    integrity(p.path("integrity")),
                    List.of(),
                    p.path("dev").asBoolean(false),
                    List.of(),
                    rel));
            if (top) into.direct(purl);
            v1(p.path("dependencies"), rel, false);
        }
    }

    static String purl(String name, String version) {
        if (name.startsWith("@") && name.contains("/")) {
            return DependencyCollector.purl(
                    "npm",
                    name.substring(0, name.indexOf('/')),
                    name.substring(name.indexOf('/') + 1),
                    version,
                    Map.of());
        }
        return DependencyCollector.purl("npm", null, name, version, Map.of());
    }

    /** Subresource-integrity strings as hex hashes; a part that is not base64 gives no hash rather than a wrong one. */
    private static Map<String, String> integrity(JsonNode node) {
        if (node == null || !node.isString()) return Map.of();
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : node.asString().split("\\s+")) {
            int dash = part.indexOf('-');
            if (dash < 0) continue;
            String alg = switch (part.substring(0, dash)) {
                case "sha512" -> "SHA-512";
                case "sha384" -> "SHA-384";
                case "sha256" -> "SHA-256";
                case "sha1" -> "SHA-1";
                default -> null;
            };
            try {
                if (alg != null)
                    out.put(alg, HexFormat.of().formatHex(Base64.getDecoder().decode(part.substring(dash + 1))));
            } catch (IllegalArgumentException ignored) {
                // not base64
            }
        }
        return out;
    }
}
