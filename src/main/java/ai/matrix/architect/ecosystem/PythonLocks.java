package ai.matrix.architect.ecosystem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Python's resolved dependencies: pinned {@code requirements*.txt} lines ({@code ==}/{@code ===}, with their
 * sha256 hash), poetry/uv/pdm locks and {@code Pipfile.lock}; names PEP 503-normalized.
 */
final class PythonLocks {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> LOCKS = Set.of("poetry.lock", "uv.lock", "pdm.lock");
    private static final Pattern PINNED =
            Pattern.compile("^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\\[[^]]*])?\\s*===?\\s*([A-Za-z0-9.!+_-]+)(.*)$");
    private static final Pattern HASH = Pattern.compile("--hash[= ]sha256:([0-9a-f]{64})");

    private final DependencyCollector into;

    PythonLocks(DependencyCollector into) {
        this.into = into;
    }

    static boolean reads(String name) {
        return LOCKS.contains(name)
                || name.equals("Pipfile.lock")
                || (name.startsWith("requirements") && name.endsWith(".txt"));
    }

    void read(String name, String text, String rel) {
        if (LOCKS.contains(name)) {
            lock(text, rel);
        } else if (name.equals("Pipfile.lock")) {
            pipfileLock(text, rel);
        } else {
            requirements(text, rel);
        }
    }

    private void requirements(String text, String rel) {
        boolean any = false;
        for (String line : text.replace("\\\n", " ").split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith("-")) continue;
            Matcher m = PINNED.matcher(l);
            if (!m.matches()) continue;
            Map<String, String> hashes = new LinkedHashMap<>();
            Matcher h = HASH.matcher(m.group(3));
            if (h.find()) hashes.put("SHA-256", h.group(1));
            add(m.group(1), m.group(2), hashes, rel.contains("dev"), rel);
            any = true;
        }
        if (any) into.source(rel);
    }

    private void lock(String text, String rel) {
        into.source(rel);
        for (String body : Toml.packages(text)) {
            String name = Toml.string(body, "name");
            String version = Toml.string(body, "version");
            if (name == null || version == null) continue;
            add(name, version, Map.of(), "dev".equals(Toml.string(body, "category")), rel);
        }
    }

    private void pipfileLock(String text, String rel) {
        into.source(rel);
        JsonNode lock = JSON.readTree(text);
        for (String section : List.of("default", "develop")) {
            for (var e : lock.path(section).properties()) {
                String v = e.getValue().path("version").asString("");
                if (!v.startsWith("==")) continue;
                Map<String, String> hashes = new LinkedHashMap<>();
                for (JsonNode h : e.getValue().path("hashes")) {
                    if (h.asString().startsWith("sha256:")) {
                        hashes.put("SHA-256", h.asString().substring(7));
                        break;
                    }
                }
                add(e.getKey(), v.substring(2), hashes, section.equals("develop"), rel);
            }
        }
    }

    /** Adds a package by its PEP 503 name, as a direct dependency. */
    private void add(String rawName, String version, Map<String, String> hashes, boolean optional, String rel) {
        String name = pep503(rawName);
        String purl = Python.purl(name, version);
        into.add(new Package("PyPI", name, version, purl, hashes, List.of(), optional, List.of(), rel));
        into.direct(purl);
    }

    /** PEP 503 normalized name: lower case, runs of -, _ and . as one -. */
    static String pep503(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }
}
