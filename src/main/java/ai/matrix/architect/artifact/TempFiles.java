package ai.matrix.architect.artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The temporary files artifacts pass through on their way to the store: {@code artifact<n>.tmp} and
 * {@code artifact<n>.redacted} in this process's directory for them. A worker killed while storing leaves them
 * behind; {@link ArtifactTempSweep} removes old ones at start.
 */
final class TempFiles {
    /** The names {@link Files#createTempFile} gives with our prefix and suffixes, and nothing else. */
    static final Pattern NAME = Pattern.compile("artifact[0-9]+\\.(tmp|redacted)");

    private TempFiles() {}

    static Path create(Path dir, String suffix) throws IOException {
        return Files.createTempFile(Files.createDirectories(dir), "artifact", suffix);
    }

    /** Removes the regular files of the stream last modified before {@code before}; how many. */
    static int removeOlder(Stream<Path> files, Instant before) {
        int removed = 0;
        for (Path f : (Iterable<Path>) files::iterator) {
            try {
                if (Files.isRegularFile(f)
                        && Files.getLastModifiedTime(f).toInstant().isBefore(before)
                        && Files.deleteIfExists(f)) {
                    removed++;
                }
            } catch (NoSuchFileException gone) {
                // removed by someone else meanwhile
            } catch (IOException e) {
                // not ours to remove after all (permissions): left alone
            }
        }
        return removed;
    }

    /** Removes this process's leftover temporary artifact files in {@code dir} older than {@code before}. */
    static int sweep(Path dir, Instant before) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> files = Files.list(dir)) {
            return removeOlder(
                    files.filter(f -> NAME.matcher(f.getFileName().toString()).matches()), before);
        }
    }
}
