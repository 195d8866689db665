package ai.matrix.architect.verify.truth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads small configuration files of a repository; a missing, unreadable or oversized file is absent. */
final class Files2 {
    private static final long MAX = 1L << 20;

    private Files2() {}

    static Optional<String> read(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX) return Optional.empty();
            return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
