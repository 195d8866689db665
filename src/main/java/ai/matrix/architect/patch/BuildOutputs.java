package ai.matrix.architect.patch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises files a command left behind that are build outputs rather than changes: executables and object
 * files (by their first bytes or their extension), dependency and tool directories, and anything large. A run op
 * that leaves one is refused unless the op names it in {@code commit}: a compiled binary slipped into a commit is
 * invisible in review and at GATE.
 */
final class BuildOutputs {
    static final long MAX_BYTES = 1L << 20;

    private static final Set<String> EXTENSIONS = Set.of(
            "o", "obj", "a", "so", "dylib", "dll", "exe", "lib", "class", "pyc", "pyo", "jar", "war", "ear", "whl",
            "beam", "elc", "gch", "pch", "out");
    private static final Set<String> DIRECTORIES = Set.of(
            "node_modules",
            "__pycache__",
            ".pytest_cache",
            ".mypy_cache",
            ".tox",
            ".nox",
            ".venv",
            ".gradle",
            ".cache",
            "target");

    private BuildOutputs() {}

    /** One refused file and why it looks like a build output. */
    record Found(String path, String why) {
        @Override
        public String toString() {
            return path + " (" + why + ")";
        }
    }

    /** The files among {@code created} (paths relative to {@code root}) that look like build outputs. */
    static List<Found> among(Path root, Collection<String> created, Collection<String> allowed) {
        List<Found> found = new ArrayList<>();
        for (String path : created) {
            if (allowed.contains(path)) continue;
            why(root.resolve(path), path).ifPresent(w -> found.add(new Found(path, w)));
        }
        return found;
    }

    static Optional<String> why(Path file, String path) {
        for (String part : path.split("/")) {
            if (DIRECTORIES.contains(part)) return Optional.of("inside " + part + "/");
        }
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
            Optional<String> magic = magic(file);
            if (magic.isPresent()) return magic;
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            if (dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))) {
                return Optional.of("a ." + name.substring(dot + 1) + " file");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) return Optional.of(size / 1024 + " KB, over the " + MAX_BYTES / 1024 + " KB limit");
        } catch (IOException e) {
            return Optional.of("unreadable: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static Optional<String> magic(Path file) throws IOException {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            n = in.readNBytes(head, 0, 4);
        }
        String kb = Files.size(file) / 1024 + " KB";
        if (n >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
            return Optional.of("an ELF binary, " + kb);
        }
        if (n >= 4) {
            int word = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
            if (word == 0xfeedface || word == 0xfeedfacf || word == 0xcefaedfe || word == 0xcffaedfe) {
                return Optional.of("a Mach-O binary, " + kb);
            }
            if (word == 0xcafebabe) return Optional.of("a Java class or universal binary, " + kb);
        }
        if (n >= 2 && head[0] == 'M' && head[1] == 'Z') return Optional.of("a Windows executable, " + kb);
        return Optional.empty();
    }
}
