package ai.matrix.architect.evidence;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The resolved dependencies of every ecosystem in a work tree, from what the build resolved, not from what a
 * manifest asks for: Maven's dependency tree written by the fetch check (jars hashed from the workspace's
 * repository cache), npm's package-lock.json, Python lock and pinned requirements files, go.sum, Cargo.lock.
 */
public final class ResolvedDependencies {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> SKIP = Set.of(".git", "node_modules", ".venv", "venv", "__pycache__", ".m2");
    /** Where VERIFY's checks keep their caches inside the workspace when the sandbox mounts no project cache. */
    public static final String WORKSPACE_CACHE = ".matrix-architect/cache";

    private static final Pattern MAVEN_NODE = Pattern.compile("^(\\S+) (\\S+)$");
    private static final Pattern TOML_PACKAGE = Pattern.compile("(?ms)^\\[\\[package]]\\s*$(.*?)(?=^\\[|\\z)");

    /** What was found: packages (deduplicated by purl), the direct dependencies of the repository, the files read. */
    public record Result(List<Package> packages, List<String> direct, List<String> sources) {}

    private final Path root;
    private final Path mavenRepository;
    private final Map<String, Package> packages = new LinkedHashMap<>();
    private final Set<String> direct = new LinkedHashSet<>();
    private final List<String> sources = new ArrayList<>();

    private ResolvedDependencies(Path root, Path mavenRepository) {
        this.root = root;
        this.mavenRepository = mavenRepository;
    }

    /** The dependencies of a work tree whose checks kept their caches inside it. */
    public static Result of(Path root) throws IOException {
        return of(root, null);
    }

    /**
     * The dependencies of a work tree; {@code cache} is the project's dependency cache the checks used (Maven's
     * repository in its {@code m2}), or null when they kept it inside the work tree.
     */
    public static Result of(Path root, Path cache) throws IOException {
        Path base = cache != null ? cache : root.resolve(WORKSPACE_CACHE);
        ResolvedDependencies r = new ResolvedDependencies(root, base.resolve("m2"));
        for (Path f : r.files()) {
            String name = f.getFileName().toString();
            String rel = root.relativize(f).toString();
            String text = Files.readString(f);
            switch (name) {
                case "matrix-architect-deps.tgf" -> r.mavenTree(text, rel);
                case "package-lock.json", "npm-shrinkwrap.json" -> r.npmLock(text, rel);
                case "poetry.lock", "uv.lock", "pdm.lock" -> r.pythonLock(text, rel);
                case "Pipfile.lock" -> r.pipfileLock(text, rel);
                case "go.sum" -> r.goSum(text, rel);
                case "Cargo.lock" -> r.cargoLock(text, rel);
                default -> {
                    if (name.startsWith("requirements") && name.endsWith(".txt")) r.requirements(text, rel);
                }
            }
        }
        return new Result(List.copyOf(r.packages.values()), List.copyOf(r.direct), List.copyOf(r.sources));
    }

    private List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        Files.walkFileTree(root, Set.of(), 8, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root)
                                && (SKIP.contains(dir.getFileName().toString())
                                        || dir.equals(root.resolve(WORKSPACE_CACHE)))
                        ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String n = file.getFileName().toString();
                boolean known = Set.of(
                                        "matrix-architect-deps.tgf",
                                        "package-lock.json",
                                        "npm-shrinkwrap.json",
                                        "poetry.lock",
                                        "uv.lock",
                                        "pdm.lock",
                                        "Pipfile.lock",
                                        "go.sum",
                                        "Cargo.lock")
                                .contains(n)
                        || (n.startsWith("requirements") && n.endsWith(".txt"));
                if (known && attrs.isRegularFile() && attrs.size() < (64L << 20)) out.add(file);
                return FileVisitResult.CONTINUE;
            }
        });
        out.sort(null);
        return out;
    }

    // ---------------------------------------------------------------- Maven

    private void mavenTree(String text, String rel) {
        sources.add(rel);
        Map<String, String> ids = new LinkedHashMap<>();
        Map<String, List<String>> edges = new LinkedHashMap<>();
        Map<String, String[]> coords = new LinkedHashMap<>();
        boolean inEdges = false;
        String rootId = null;
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.isEmpty()) continue;
            if (line.equals("#")) {
                inEdges = true;
                continue;
            }
            if (!inEdges) {
                Matcher m = MAVEN_NODE.matcher(line);
                if (!m.matches()) continue;
                String[] c = m.group(2).split(":");
                if (c.length < 4) continue;
                // g:a:type:v[:scope] or g:a:type:classifier:v[:scope]
                String g = c[0], a = c[1], type = c[2], classifier = null, v, scope = null;
                if (c.length >= 6) {
                    classifier = c[3];
                    v = c[4];
                    scope = c[5];
                } else if (c.length == 5) {
                    v = c[3];
                    scope = c[4];
                } else {
                    v = c[3];
                }
                String purl = purl(
                        "maven",
                        g,
                        a,
                        v,
                        classifier == null && "jar".equals(type) ? Map.of() : qualifiers(type, classifier));
                ids.put(m.group(1), purl);
                coords.put(purl, new String[] {g, a, v, type, classifier, scope});
                if (rootId == null) rootId = m.group(1);
            } else {
                String[] e = line.split(" ");
                if (e.length >= 2 && ids.containsKey(e[0]) && ids.containsKey(e[1])) {
                    edges.computeIfAbsent(ids.get(e[0]), k -> new ArrayList<>()).add(ids.get(e[1]));
                }
            }
        }
        for (var c : coords.entrySet()) {
            String[] x = c.getValue();
            boolean isRoot = c.getKey().equals(ids.get(rootId));
            boolean optional = x[5] != null && (x[5].equals("test") || x[5].equals("provided"));
            Path dir = mavenRepository
                    .resolve(x[0].replace('.', '/'))
                    .resolve(x[1])
                    .resolve(x[2]);
            String file =
                    x[1] + "-" + x[2] + (x[4] == null ? "" : "-" + x[4]) + "." + ("bundle".equals(x[3]) ? "jar" : x[3]);
            Path jar = dir.resolve(file);
            Path pom = dir.resolve(x[1] + "-" + x[2] + ".pom");
            Map<String, String> hashes = isRoot || !inRepository(jar) ? Map.of() : sha256(jar);
            List<String> licenses = isRoot || !inRepository(pom) ? List.of() : pomLicenses(pom);
            add(new Package(
                    "Maven",
                    x[0] + ":" + x[1],
                    x[2],
                    c.getKey(),
                    hashes,
                    licenses,
                    optional,
                    edges.getOrDefault(c.getKey(), List.of()),
                    rel));
        }
        if (rootId != null) direct.add(ids.get(rootId));
    }

    private static Map<String, String> qualifiers(String type, String classifier) {
        Map<String, String> q = new LinkedHashMap<>();
        if (classifier != null) q.put("classifier", classifier);
        if (type != null && !type.equals("jar")) q.put("type", type);
        return q;
    }

    /**
     * Whether the file is a regular file inside Maven's repository: the tree file's coordinates and the cache
     * are both written by sandboxed code, so neither a {@code ../} in a coordinate nor a symlink may lead the
     * server to read a file elsewhere.
     */
    private boolean inRepository(Path file) {
        try {
            return file.normalize().startsWith(mavenRepository.normalize())
                    && Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && file.toRealPath().startsWith(mavenRepository.toRealPath())
                    && Files.size(file) < (256L << 20);
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> pomLicenses(Path pom) {
        try {
            if (!Files.isRegularFile(pom)) return List.of();
            String text = Files.readString(pom);
            Matcher block = Pattern.compile("(?s)<licenses>(.*?)</licenses>").matcher(text);
            if (!block.find()) return List.of();
            List<String> out = new ArrayList<>();
            Matcher name = Pattern.compile("(?s)<name>\\s*(.*?)\\s*</name>").matcher(block.group(1));
            while (name.find()) out.add(name.group(1));
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    // ---------------------------------------------------------------- npm

    private void npmLock(String text, String rel) {
        JsonNode lock = JSON.readTree(text);
        sources.add(rel);
        JsonNode pkgs = lock.get("packages");
        if (pkgs == null || !pkgs.isObject()) {
            npmV1(lock.path("dependencies"), rel, true);
            return;
        }
        Map<String, String> purls = new LinkedHashMap<>();
        for (var e : pkgs.properties()) {
            String key = e.getKey();
            int i = key.lastIndexOf("node_modules/");
            if (i < 0 || e.getValue().path("link").asBoolean(false)) continue;
            String name = key.substring(i + "node_modules/".length());
            String version = e.getValue().path("version").asString("");
            if (version.isEmpty()) continue;
            purls.put(key, npmPurl(name, version));
        }
        for (var e : pkgs.properties()) {
            String key = e.getKey();
            if (!purls.containsKey(key)) continue;
            JsonNode p = e.getValue();
            String name = key.substring(key.lastIndexOf("node_modules/") + "node_modules/".length());
            List<String> deps = new ArrayList<>();
            for (String field : List.of("dependencies", "optionalDependencies", "peerDependencies")) {
                for (String d : p.path(field).propertyNames()) {
                    String target = npmResolve(key, d, purls);
                    if (target != null) deps.add(target);
                }
            }
            add(new Package(
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
        JsonNode top = pkgs.path("");
        for (String field : List.of("dependencies", "devDependencies", "optionalDependencies")) {
            for (String d : top.path(field).propertyNames()) {
                String target = purls.get("node_modules/" + d);
                if (target != null) direct.add(target);
            }
        }
    }

    private static String npmResolve(String from, String dep, Map<String, String> purls) {
        String base = from;
        while (true) {
            String candidate = base + "/node_modules/" + dep;
            if (purls.containsKey(candidate)) return purls.get(candidate);
            int i = base.lastIndexOf("/node_modules/");
            if (i < 0) break;
            base = base.substring(0, i);
        }
        return purls.get("node_modules/" + dep);
    }

    private void npmV1(JsonNode deps, String rel, boolean top) {
        for (var e : deps.properties()) {
            JsonNode p = e.getValue();
            String version = p.path("version").asString("");
            if (version.isEmpty()) continue;
            String purl = npmPurl(e.getKey(), version);
            add(new Package(
                    "npm",
                    e.getKey(),
                    version,
                    purl,
                    integrity(p.path("integrity")),
                    List.of(),
                    p.path("dev").asBoolean(false),
                    List.of(),
                    rel));
            if (top) direct.add(purl);
            npmV1(p.path("dependencies"), rel, false);
        }
    }

    /** The package URL the SBOM gives an npm or PyPI package version, null for another ecosystem. */
    public static String purl(String ecosystem, String name, String version) {
        return switch (ecosystem) {
            case "npm" -> npmPurl(name, version);
            case "PyPI" -> purl("pypi", null, name, version, Map.of());
            default -> null;
        };
    }

    private static String npmPurl(String name, String version) {
        if (name.startsWith("@") && name.contains("/")) {
            return purl(
                    "npm",
                    name.substring(0, name.indexOf('/')),
                    name.substring(name.indexOf('/') + 1),
                    version,
                    Map.of());
        }
        return purl("npm", null, name, version, Map.of());
    }

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
                // not base64: no hash rather than a wrong one
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- Python

    private void requirements(String text, String rel) {
        boolean any = false;
        String joined = text.replace("\\\n", " ");
        Pattern req =
                Pattern.compile("^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\\[[^]]*])?\\s*===?\\s*([A-Za-z0-9.!+_-]+)(.*)$");
        for (String line : joined.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith("-")) continue;
            Matcher m = req.matcher(l);
            if (!m.matches()) continue;
            Map<String, String> hashes = new LinkedHashMap<>();
            Matcher h = Pattern.compile("--hash[= ]sha256:([0-9a-f]{64})").matcher(m.group(3));
            if (h.find()) hashes.put("SHA-256", h.group(1));
            String name = pep503(m.group(1));
            String purl = purl("pypi", null, name, m.group(2), Map.of());
            add(new Package("PyPI", name, m.group(2), purl, hashes, List.of(), rel.contains("dev"), List.of(), rel));
            direct.add(purl);
            any = true;
        }
        if (any) sources.add(rel);
    }

    private void pythonLock(String text, String rel) {
        sources.add(rel);
        Matcher m = TOML_PACKAGE.matcher(text);
        while (m.find()) {
            String body = m.group(1);
            String name = tomlString(body, "name");
            String version = tomlString(body, "version");
            if (name == null || version == null) continue;
            name = pep503(name);
            String purl = purl("pypi", null, name, version, Map.of());
            add(new Package(
                    "PyPI",
                    name,
                    version,
                    purl,
                    Map.of(),
                    List.of(),
                    "dev".equals(tomlString(body, "category")),
                    List.of(),
                    rel));
            direct.add(purl);
        }
    }

    private void pipfileLock(String text, String rel) {
        sources.add(rel);
        JsonNode lock = JSON.readTree(text);
        for (String section : List.of("default", "develop")) {
            for (var e : lock.path(section).properties()) {
                String v = e.getValue().path("version").asString("");
                if (!v.startsWith("==")) continue;
                String name = pep503(e.getKey());
                String purl = purl("pypi", null, name, v.substring(2), Map.of());
                Map<String, String> hashes = new LinkedHashMap<>();
                for (JsonNode h : e.getValue().path("hashes")) {
                    if (h.asString().startsWith("sha256:")) {
                        hashes.put("SHA-256", h.asString().substring(7));
                        break;
                    }
                }
                add(new Package(
                        "PyPI",
                        name,
                        v.substring(2),
                        purl,
                        hashes,
                        List.of(),
                        section.equals("develop"),
                        List.of(),
                        rel));
                direct.add(purl);
            }
        }
    }

    /** PEP 503 normalized name: lower case, runs of -, _ and . as one -. */
    static String pep503(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    // ---------------------------------------------------------------- Go and Cargo

    private void goSum(String text, String rel) {
        sources.add(rel);
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length != 3 || f[1].endsWith("/go.mod")) continue;
            String module = f[0];
            int slash = module.lastIndexOf('/');
            String purl = purl(
                    "golang",
                    slash < 0 ? null : module.substring(0, slash),
                    module.substring(slash + 1),
                    f[1],
                    Map.of());
            add(new Package("Go", module, f[1], purl, Map.of(), List.of(), false, List.of(), rel));
            direct.add(purl);
        }
    }

    private void cargoLock(String text, String rel) {
        sources.add(rel);
        Map<String, String> byName = new LinkedHashMap<>();
        List<String[]> entries = new ArrayList<>();
        Matcher m = TOML_PACKAGE.matcher(text);
        while (m.find()) {
            String body = m.group(1);
            String name = tomlString(body, "name");
            String version = tomlString(body, "version");
            if (name == null || version == null) continue;
            String purl = purl("cargo", null, name, version, Map.of());
            byName.putIfAbsent(name, purl);
            byName.put(name + " " + version, purl);
            entries.add(new String[] {name, version, purl, body});
        }
        for (String[] e : entries) {
            String body = e[3];
            List<String> deps = new ArrayList<>();
            Matcher d = Pattern.compile("(?s)dependencies\\s*=\\s*\\[(.*?)]").matcher(body);
            if (d.find()) {
                Matcher s = Pattern.compile("\"([^\"]+)\"").matcher(d.group(1));
                while (s.find()) {
                    String dep = s.group(1).replaceAll(" \\(.*\\)$", "");
                    String target = byName.get(dep);
                    if (target != null) deps.add(target);
                }
            }
            String checksum = tomlString(body, "checksum");
            boolean local = tomlString(body, "source") == null;
            add(new Package(
                    "crates.io",
                    e[0],
                    e[1],
                    e[2],
                    checksum == null ? Map.of() : Map.of("SHA-256", checksum),
                    List.of(),
                    false,
                    deps,
                    rel));
            if (local) direct.add(e[2]);
        }
    }

    private static String tomlString(String body, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + "\\s*=\\s*\"([^\"]*)\"").matcher(body);
        return m.find() ? m.group(1) : null;
    }

    // ---------------------------------------------------------------- shared

    private void add(Package p) {
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

    private static Map<String, String> sha256(Path file) {
        if (!Files.isRegularFile(file)) return Map.of();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return Map.of(
                    "SHA-256",
                    HexFormat.of()
                            .formatHex(
                                    ((DigestInputStream) in).getMessageDigest().digest()));
        } catch (Exception e) {
            return Map.of();
        }
    }
}
