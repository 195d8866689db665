package ai.matrix.architect.ecosystem;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the lockfile readers of a work tree found: packages deduplicated by purl (a package read twice keeps its
 * first name and source and gains the other's edges and hashes), the repository's direct dependencies, and the
 * files read.
 */
public final class DependencyCollector {
    private final Path cache;
    private final Map<String, Package> packages = new LinkedHashMap<>();
    private final Set<String> direct = new LinkedHashSet<>();
    private final List<String> sources = new ArrayList<>();

    /** {@code cache} is the dependency cache the checks used: the project's, or the one inside the work tree. */
    public DependencyCollector(Path cache) {
        this.cache = cache;
    }

    /** The dependency cache the checks used (Maven's repository is its {@code m2}). */
    Path cache() {
        return cache;
    }

    void add(Package p) {
        Package old = packages.get(p.purl());
        if (old == null) {
            packages.put(p.purl(), p);
            return;
        }
        Set<String> deps = new LinkedHashSet<>(old.dependsOn());
        deps.addAll(p.dependsOn());
        Map<String, String> hashes = new LinkedHashMap<>(p.hashes());
        hashes.putAll(old.hashes());
        packages.put(
                p.purl(),
                new Package(
                        old.ecosystem(),
                        old.name(),
                        old.version(),
                        old.purl(),
                        hashes,
                        old.licenses().isEmpty() ? p.licenses() : old.licenses(),
                        old.optional() && p.optional(),
                        List.copyOf(deps),
                        old.source()));
    }

    void direct(String purl) {
        direct.add(purl);
    }

    void source(String rel) {
        sources.add(rel);
    }

    public List<Package> packages() {
        return List.copyOf(packages.values());
    }

    public List<String> directDependencies() {
        return List.copyOf(direct);
    }

    public List<String> sources() {
        return List.copyOf(sources);
    }

    /** The canonical package URL. */
    static String purl(String type, String namespace, String name, String version, Map<String, String> qualifiers) {
        try {
            PackageURLBuilder b = PackageURLBuilder.aPackageURL()
                    .withType(type)
                    .withName(name)
                    .withVersion(version);
            if (namespace != null && !namespace.isEmpty()) b.withNamespace(namespace);
            qualifiers.forEach(b::withQualifier);
            return b.build().canonicalize();
        } catch (MalformedPackageURLException e) {
            throw new IllegalArgumentException("cannot make a package URL for " + name + ": " + e.getMessage(), e);
        }
    }

    /** The file's SHA-256 as {@code {"SHA-256": hex}}, or none when it cannot be read. */
    static Map<String, String> sha256(Path file) {
        if (!Files.isRegularFile(file)) return Map.of();
        try (DigestInputStream in =
                new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return Map.of(
                    "SHA-256", HexFormat.of().formatHex(in.getMessageDigest().digest()));
        } catch (Exception e) {
            return Map.of();
        }
    }
}
