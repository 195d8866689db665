package ai.matrix.architect.workspace;

import java.util.Locale;
import java.util.Optional;

/** Which repository-relative paths a plan may touch: inside the repository and never inside {@code .git}. */
public final class PathRules {
    private PathRules() {}

    /** Returns the reason the path is refused, or empty when it is acceptable. */
    public static Optional<String> problem(String path) {
        if (path == null || path.isBlank()) return Optional.of("must not be empty");
        if (path.indexOf('\0') >= 0) return Optional.of("must not contain NUL characters");
        if (path.length() > 4096) return Optional.of("is too long");
        if (path.startsWith("/") || path.startsWith("\\") || path.matches("^[A-Za-z]:.*")) {
            return Optional.of("must be relative to the repository root, not absolute");
        }
        for (String part : path.split("[/\\\\]")) {
            if (part.equals("..")) return Optional.of("must stay inside the repository (no '..')");
            String lower = part.toLowerCase(Locale.ROOT).strip();
            // git itself treats these spellings of .git as the repository directory on some file systems
            if (lower.equals(".git") || lower.startsWith(".git.") || lower.equals("git~1")) {
                return Optional.of("must not touch the repository's .git directory");
            }
        }
        return Optional.empty();
    }
}
