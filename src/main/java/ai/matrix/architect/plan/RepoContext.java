package ai.matrix.architect.plan;

import ai.matrix.architect.job.JobRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Gathers what a planner is shown of a checked-out repository, within a byte budget: the file tree (capped), then
 * the contents of build files and READMEs, of files whose path matches words of the goal, and of the other text
 * files, smallest and shallowest first, as long as they fit. Never {@code .git}, never a file that looks like it
 * holds secrets ({@code .env*}, keys, keystores, credentials), never a binary, never anything reached through a
 * symbolic link that leaves the work tree.
 */
public final class RepoContext {
    static final int MAX_TREE_ENTRIES = 2000;
    private static final int MAX_FILE_BYTES = 256 * 1024;
    private static final Set<String> BUILD_FILES = Set.of(
            "pom.xml",
            "build.gradle",
            "build.gradle.kts",
            "settings.gradle",
            "settings.gradle.kts",
            "package.json",
            "pyproject.toml",
            "setup.py",
            "setup.cfg",
            "requirements.txt",
            "go.mod",
            "cargo.toml",
            "makefile",
            "cmakelists.txt",
            "dockerfile",
            "gemfile",
            "composer.json",
            ".matrix-architect.yml",
            "tsconfig.json");
    private static final Pattern SECRET_NAMES = Pattern.compile(
            "\\.env.*|.*\\.(pem|key|p12|pfx|jks|keystore|kdb|ppk|asc|gpg)|id_(rsa|dsa|ecdsa|ed25519).*|credentials.*"
                    + "|\\.netrc|\\.npmrc|\\.pypirc|\\.htpasswd|.*secrets?\\.(ya?ml|json|toml|properties|txt)",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> SECRET_DIRS = Set.of(".ssh", ".aws", ".gnupg", ".docker", ".kube");
    private static final Set<String> STOP_WORDS = Set.of(
            "the", "and", "for", "with", "that", "this", "from", "into", "add", "make", "use", "fix", "all", "new",
            "its", "are", "not", "but", "should", "when", "file", "files", "code", "test", "tests", "update");

    private RepoContext() {}

    /** The context for a plan of {@code goal} in the work tree, within {@code budget} bytes of tree and content. */
    public static PlanningContext collect(
            Path workTree, String repo, String commit, String goal, JobRequest.Constraints constraints, long budget) {
        Path root;
        try {
            root = workTree.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Path> entries = walk(root);
        List<String> tree = new ArrayList<>();
        long treeBytes = 0;
        boolean truncated = false;
        for (Path p : entries) {
            String rel = rel(root, p);
            if (tree.size() >= MAX_TREE_ENTRIES || treeBytes + rel.length() + 1 > budget / 4) {
                truncated = true;
                break;
            }
            tree.add(rel);
            treeBytes += rel.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        Set<String> words = words(goal);
        List<Candidate> candidates = new ArrayList<>();
        for (Path p : entries) {
            String rel = rel(root, p);
            if (looksSecret(rel)) continue;
            candidates.add(new Candidate(p, rel, rank(rel, words)));
        }
        candidates.sort(Comparator.comparingInt(Candidate::tier)
                .thenComparing(Comparator.comparingInt(Candidate::score).reversed())
                .thenComparingInt(c -> depth(c.rel()))
                .thenComparingLong(c -> size(c.path()))
                .thenComparing(Candidate::rel));
        long left = budget - treeBytes;
        List<PlanningContext.File> files = new ArrayList<>();
        int omitted = 0;
        for (Candidate c : candidates) {
            long size = size(c.path());
            if (size > MAX_FILE_BYTES || size + c.rel().length() + 64 > left) {
                if (isText(c.path())) omitted++;
                continue;
            }
            String text = text(c.path());
            if (text == null) continue;
            files.add(new PlanningContext.File(c.rel(), text, c.reason()));
            left -= text.getBytes(StandardCharsets.UTF_8).length + c.rel().length() + 64;
        }
        return new PlanningContext(goal, constraints, repo, commit, tree, truncated, files, omitted);
    }

    /** Whether the path names a file that usually holds secrets, or lies in such a directory; never read. */
    static boolean looksSecret(String rel) {
        for (String part : rel.split("/")) {
            if (SECRET_DIRS.contains(part.toLowerCase(Locale.ROOT))) return true;
        }
        return SECRET_NAMES.matcher(rel.substring(rel.lastIndexOf('/') + 1)).matches();
    }

    private record Candidate(Path path, String rel, int score) {
        int tier() {
            if (isBuildFile(rel)) return 0;
            return score > 0 ? 1 : 2;
        }

        String reason() {
            return switch (tier()) {
                case 0 -> "build";
                case 1 -> "goal";
                default -> "other";
            };
        }
    }

    private static boolean isBuildFile(String rel) {
        String name = rel.substring(rel.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return depth(rel) <= 1 && (BUILD_FILES.contains(name) || name.startsWith("readme"));
    }

    /** How many words of the goal the path names; a word in the file name counts twice. */
    private static int rank(String rel, Set<String> words) {
        String lower = rel.toLowerCase(Locale.ROOT);
        String name = lower.substring(lower.lastIndexOf('/') + 1);
        int score = 0;
        for (String w : words) {
            if (name.contains(w)) score += 2;
            else if (lower.contains(w)) score += 1;
        }
        return score;
    }

    static Set<String> words(String goal) {
        Set<String> words = new LinkedHashSet<>();
        if (goal == null) return words;
        for (String w : goal.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}_]+")) {
            if (w.length() >= 3 && !STOP_WORDS.contains(w)) words.add(w);
        }
        return words;
    }

    /** Regular files and in-tree links to them, sorted; {@code .git} and links leaving the tree are left out. */
    private static List<Path> walk(Path root) {
        List<Path> out = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root) && dir.getFileName().toString().equals(".git"))
                        return FileVisitResult.SKIP_SUBTREE;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (file.getFileName().toString().equals(".git")) return FileVisitResult.CONTINUE;
                    if (attrs.isRegularFile() || (attrs.isSymbolicLink() && linksInside(root, file))) out.add(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparing(p -> rel(root, p)));
        return out;
    }

    /** A link is followed only when it ends at a regular file inside the work tree. */
    private static boolean linksInside(Path root, Path link) {
        try {
            Path target = link.toRealPath();
            return target.startsWith(root)
                    && Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                    && !target.startsWith(root.resolve(".git"))
                    && !looksSecret(rel(root, target));
        } catch (IOException e) {
            return false;
        }
    }

    private static String rel(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    private static int depth(String rel) {
        return (int) rel.chars().filter(ch -> ch == '/').count() + 1;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private static boolean isText(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] head = in.readNBytes(8192);
            for (byte b : head) if (b == 0) return false;
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The file as UTF-8 text, or null when it is binary (a NUL byte, or not UTF-8). */
    private static String text(Path p) {
        try {
            byte[] bytes = Files.readAllBytes(p);
            for (int i = 0; i < Math.min(bytes.length, 8192); i++) if (bytes[i] == 0) return null;
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
