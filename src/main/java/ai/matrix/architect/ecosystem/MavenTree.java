package ai.matrix.architect.ecosystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maven's dependency tree in TGF, as the fetch check wrote it: one package per node, hashed and licensed from the
 * jar and pom in the repository cache, with the tree's edges; the root is the repository's own module.
 */
final class MavenTree {
    private static final Pattern NODE = Pattern.compile("^(\\S+) (\\S+)$");

    /** One node's coordinates. */
    private record Coordinates(
            String group, String artifact, String version, String type, String classifier, String scope) {}

    private final Path repository;
    private final DependencyCollector into;
    private final Map<String, String> ids = new LinkedHashMap<>();
    private final Map<String, List<String>> edges = new LinkedHashMap<>();
    private final Map<String, Coordinates> coords = new LinkedHashMap<>();
    private String rootId;

    MavenTree(Path repository, DependencyCollector into) {
        this.repository = repository;
        this.into = into;
    }

    void read(String text, String rel) {
        into.source(rel);
        boolean inEdges = false;
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.isEmpty()) continue;
            if (line.equals("#")) {
                inEdges = true;
            } else if (!inEdges) {
                node(line);
            } else {
                edge(line);
            }
        }
        for (var c : coords.entrySet()) add(c.getKey(), c.getValue(), rel);
        if (rootId != null) into.direct(ids.get(rootId));
    }

    private void node(String line) {
        Matcher m = NODE.matcher(line);
        if (!m.matches()) return;
        String[] c = m.group(2).split(":");
        if (c.length < 4) return;
        // g:a:type:v[:scope] or g:a:type:classifier:v[:scope]
        Coordinates x = c.length >= 6
                ? new Coordinates(c[0], c[1], c[4], c[2], c[3], c[5])
                : new Coordinates(c[0], c[1], c[3], c[2], null, c.length == 5 ? c[4] : null);
        String purl = DependencyCollector.purl(
                "maven",
                x.group(),
                x.artifact(),
                x.version(),
                x.classifier() == null && "jar".equals(x.type()) ? Map.of() : qualifiers(x.type(), x.classifier()));
        ids.put(m.group(1), purl);
        coords.put(purl, x);
        if (rootId == null) rootId = m.group(1);
    }

    private void edge(String line) {
        String[] e = line.split(" ");
        if (e.length >= 2 && ids.containsKey(e[0]) && ids.containsKey(e[1])) {
            edges.computeIfAbsent(ids.get(e[0]), k -> new ArrayList<>()).add(ids.get(e[1]));
        }
    }

    private void add(String purl, Coordinates x, String rel) {
        boolean isRoot = purl.equals(ids.get(rootId));
        boolean optional =
                x.scope() != null && (x.scope().equals("test") || x.scope().equals("provided"));
        Path dir = repository
                .resolve(x.group().replace('.', '/'))
                .resolve(x.artifact())
                .resolve(x.version());
        String file = x.artifact() + "-" + x.version() + (x.classifier() == null ? "" : "-" + x.classifier()) + "."
                + ("bundle".equals(x.type()) ? "jar" : x.type());
        Path jar = dir.resolve(file);
        Path pom = dir.resolve(x.artifact() + "-" + x.version() + ".pom");
        Map<String, String> hashes = isRoot || !inRepository(jar) ? Map.of() : DependencyCollector.sha256(jar);
        List<String> licenses = isRoot ? List.of() : licenses(pom);
        into.add(new Package(
                "Maven",
                x.group() + ":" + x.artifact(),
                x.version(),
                purl,
                hashes,
                licenses,
                optional,
                edges.getOrDefault(purl, List.of()),
                rel));
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
            return file.normalize().startsWith(repository.normalize())
                    && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    && file.toRealPath().startsWith(repository.toRealPath())
                    && Files.size(file) < (256L << 20);
        } catch (IOException e) {
            return false;
        }
    }

    /** How far up a parent chain licenses are looked for (real chains are a few levels deep). */
    private static final int MAX_PARENTS = 10;

    private static final Pattern LICENSES = Pattern.compile("(?s)<licenses>(.*?)</licenses>");
    private static final Pattern LICENSE_NAME = Pattern.compile("(?s)<name>\\s*(.*?)\\s*</name>");
    private static final Pattern PARENT = Pattern.compile("(?s)<parent>(.*?)</parent>");

    /**
     * The licenses a POM declares, else those of its parent, grandparent, … (Maven inherits {@code <licenses>}),
     * as far as the parents are in the repository.
     */
    private List<String> licenses(Path pom) {
        Path current = pom;
        for (int depth = 0; depth <= MAX_PARENTS && current != null && inRepository(current); depth++) {
            String text;
            try {
                text = Files.readString(current);
            } catch (IOException e) {
                return List.of();
            }
            text = text.replaceAll("(?s)<!--.*?-->", "");
            Matcher block = LICENSES.matcher(text);
            if (block.find()) {
                List<String> out = new ArrayList<>();
                Matcher name = LICENSE_NAME.matcher(block.group(1));
                while (name.find()) out.add(name.group(1));
                return out;
            }
            current = parentPom(text);
        }
        return List.of();
    }

    private Path parentPom(String pomText) {
        Matcher parent = PARENT.matcher(pomText);
        if (!parent.find()) return null;
        String group = element(parent.group(1), "groupId");
        String artifact = element(parent.group(1), "artifactId");
        String version = element(parent.group(1), "version");
        if (group == null || artifact == null || version == null) return null;
        return repository
                .resolve(group.replace('.', '/'))
                .resolve(artifact)
                .resolve(version)
                .resolve(artifact + "-" + version + ".pom");
    }

    private static String element(String xml, String name) {
        Matcher m = Pattern.compile("(?s)<" + name + ">\\s*([^<]*?)\\s*</" + name + ">")
                .matcher(xml);
        return m.find() ? m.group(1) : null;
    }
}
