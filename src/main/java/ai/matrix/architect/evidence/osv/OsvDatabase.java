package ai.matrix.architect.evidence.osv;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An offline copy of OSV advisories: a directory of OSV JSON files and {@code all.zip} exports (searched
 * recursively), or one {@code all.zip}, indexed by ecosystem and package name.
 *
 * <p>Each advisory is kept deflated and parsed again only when a package it names is looked up: OSV's full
 * exports are hundreds of megabytes of JSON, several gigabytes as parsed trees, and the database stays loaded
 * between jobs (see {@link OsvDatabaseCache}).
 */
public final class OsvDatabase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long MAX_ENTRY = 16L << 20;

    private final Map<String, List<byte[]>> byPackage = new HashMap<>();
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    private final String source;
    private int advisories;

    private OsvDatabase(String source) {
        this.source = source;
    }

    public static OsvDatabase load(Path path) throws IOException {
        OsvDatabase db = new OsvDatabase(path.toString());
        try {
            db.read(path);
        } finally {
            db.deflater.end();
        }
        return db;
    }

    private void read(Path path) throws IOException {
        for (Path f : files(path)) {
            if (f.toString().endsWith(".zip") || f.equals(path)) {
                try (InputStream in = Files.newInputStream(f)) {
                    addZip(in);
                }
            } else if (Files.size(f) <= MAX_ENTRY) {
                add(Files.readAllBytes(f));
            }
        }
    }

    /** The files a database at {@code path} is read from: its {@code .json} and {@code .zip} files, or itself. */
    static List<Path> files(Path path) throws IOException {
        if (Files.isRegularFile(path)) return List.of(path);
        if (!Files.isDirectory(path)) {
            throw new IOException("no OSV database at " + path + " (a directory of OSV JSON files or an all.zip)");
        }
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(
                            p -> p.toString().endsWith(".json") || p.toString().endsWith(".zip"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
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
        // an advisory may name one package in several affected entries: it is listed for it once
        Set<String> keys = new LinkedHashSet<>();
        for (JsonNode affected : adv.path("affected")) {
            JsonNode pkg = affected.path("package");
            keys.add(key(pkg.path("ecosystem").asString(""), pkg.path("name").asString("")));
        }
        byte[] packed = deflate(bytes);
        for (String key : keys)
            byPackage.computeIfAbsent(key, k -> new ArrayList<>()).add(packed);
    }

    private byte[] deflate(byte[] bytes) {
        deflater.reset();
        deflater.setInput(bytes);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        byte[] buf = new byte[8192];
        while (!deflater.finished()) out.write(buf, 0, deflater.deflate(buf));
        return out.toByteArray();
    }

    /** Advisories that name the package (match the version with {@link OsvMatcher}). */
    public List<JsonNode> advisories(String ecosystem, String name) {
        List<JsonNode> out = new ArrayList<>();
        for (byte[] packed : byPackage.getOrDefault(key(ecosystem, name), List.of())) {
            try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(packed))) {
                out.add(JSON.readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    public int size() {
        return advisories;
    }

    public String source() {
        return source;
    }

    /** The index key of a package: the ecosystem without its suffix and the name as the ecosystem compares it. */
    public static String key(String ecosystem, String name) {
        // OSV ecosystems may carry a suffix (e.g. "Debian:12"); PyPI names are case-insensitive and normalized
        String eco = ecosystem.contains(":") ? ecosystem.substring(0, ecosystem.indexOf(':')) : ecosystem;
        String n = eco.equals("PyPI") ? name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-") : name;
        return eco + "\u0000" + n;
    }
}
