package ai.matrix.architect.evidence;

import ai.matrix.architect.ecosystem.DependencyCollector;
import ai.matrix.architect.ecosystem.Ecosystem;
import ai.matrix.architect.ecosystem.Ecosystems;
import ai.matrix.architect.ecosystem.Npm;
import ai.matrix.architect.ecosystem.Package;
import ai.matrix.architect.ecosystem.Python;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The resolved dependencies of every ecosystem in a work tree, from what the build resolved, not from what a
 * manifest asks for: each lockfile found (Maven's dependency tree written by the fetch check, npm's
 * package-lock.json, Python lock and pinned requirements files, go.sum, Cargo.lock) is read by the ecosystem that
 * owns it.
 */
public final class ResolvedDependencies {
    private static final Set<String> SKIP = Set.of(".git", "node_modules", ".venv", "venv", "__pycache__", ".m2");

    /** What was found: packages (deduplicated by purl), the direct dependencies of the repository, the files read. */
    public record Result(List<Package> packages, List<String> direct, List<String> sources) {}

    private ResolvedDependencies() {}

    /** The dependencies of a work tree whose checks kept their caches inside it. */
    public static Result of(Path root) throws IOException {
        return of(root, null);
    }

    /**
     * The dependencies of a work tree; {@code cache} is the project's dependency cache the checks used (Maven's
     * repository in its {@code m2}), or null when they kept it inside the work tree.
     */
    public static Result of(Path root, Path cache) throws IOException {
        DependencyCollector into =
                new DependencyCollector(cache != null ? cache : root.resolve(Ecosystem.WORKSPACE_CACHE));
        for (Path f : lockfiles(root)) {
            String name = f.getFileName().toString();
            Ecosystem owner = Ecosystems.readingLockfile(name).orElseThrow();
            owner.readLockfile(name, Files.readString(f), root.relativize(f).toString(), into);
        }
        return new Result(into.packages(), into.directDependencies(), into.sources());
    }

    private static List<Path> lockfiles(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        Files.walkFileTree(root, Set.of(), 8, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root)
                                && (SKIP.contains(dir.getFileName().toString())
                                        || dir.equals(root.resolve(Ecosystem.WORKSPACE_CACHE)))
                        ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                boolean known = Ecosystems.readingLockfile(file.getFileName().toString())
                        .isPresent();
                if (known && attrs.isRegularFile() && attrs.size() < (64L << 20)) out.add(file);
                return FileVisitResult.CONTINUE;
            }
        });
        out.sort(null);
        return out;
    }

    /** The package URL the SBOM gives an npm or PyPI package version, null for another ecosystem. */
    public static String purl(String ecosystem, String name, String version) {
        return switch (ecosystem) {
            case "npm" -> Npm.purl(name, version);
            case "PyPI" -> Python.purl(name, version);
            default -> null;
        };
    }
}
