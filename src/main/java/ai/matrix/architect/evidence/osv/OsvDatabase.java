package ai.matrix.architect.evidence.osv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An offline copy of OSV advisories: a directory of OSV JSON files (searched recursively; OSV's per-ecosystem
 * exports unpacked), or an {@code all.zip} export, indexed by ecosystem and package name.
 */
public final class OsvDatabase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long MAX_ENTRY = 16L << 20;

    private final Map<String, List<JsonNode>> byPackage = new HashMap<>();
    private final String source;
    private int advisories;

    private OsvDatabase(String source) {
        this.source = source;
    }

    public static OsvDatabase load(Path path) throws IOException {
        OsvDatabase db = new OsvDatabase(path.toString());
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.walk(path)) {
                for (Path f : files.filter(p ->
                                p.toString().endsWith(".json") || p.toString().endsWith(".zip"))
                        .sorted()
                        .toList()) {
                    if (f.toString().endsWith(".zip")) {
                        try (InputStream in = Files.newInputStream(f)) {
                            db.addZip(in);
                        }
                    } else if (Files.size(f) <= MAX_ENTRY) {
                        db.add(Files.readAllBytes(f));
                    }
                }
            }
        } else if (Files.isRegularFile(path)) {
            try (InputStream in = Files.newInputStream(path)) {
                db.addZip(in);
            }
        } else {
            throw new IOException("no OSV database at " + path + " (a directory of OSV JSON files or an all.zip)");
        }
        return db;
    }

    private void addZip(InputStream in) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.isDirectory() || !e.getName().endsWith(".json")) continue;
                byte[] bytes = zip.readNBytes((int) MAX_ENTRY + 1);
                if (bytes.length <= MAX_ENTRY) add(bytes);
            }
        }
    }

    private void add(byte[] bytes) {
        JsonNode adv;
        try {
            adv = JSON.readTree(bytes);
        } catch (RuntimeException e) {
            return;
        }
        if (!adv.isObject() || !adv.has("id") || adv.hasNonNull("withdrawn")) return;
        advisories++;
        for (JsonNode affected : adv.path("affected")) {
            JsonNode pkg = affected.path("package");
            String key =
                    key(pkg.path("ecosystem").asString(""), pkg.path("name").asString(""));
            byPackage.computeIfAbsent(key, k -> new ArrayList<>()).add(adv);
        }
    }

    /** Advisories that name the package (match the version with {@link OsvMatcher}). */
    public List<JsonNode> advisories(String ecosystem, String name) {
        return byPackage.getOrDefault(key(ecosystem, name), List.of());
    }

    public int size() {
        return advisories;
    }

    public String source() {
        return source;
    }

    static String key(String ecosystem, String name) {
        // OSV ecosystems may carry a suffix (e.g. "Debian:12"); PyPI names are case-insensitive and normalized
        String eco = ecosystem.contains(":") ? ecosystem.substring(0, ecosystem.indexOf(':')) : ecosystem;
        String n = eco.equals("PyPI") ? name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-") : name;
        return eco + "\u0000" + n;
    }
}
