package ai.matrix.architect.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.stream.Stream;

/** Blobs as files under one root directory; keys are checked to stay inside it. */
public class FilesystemBlobStore implements BlobStore {
    private static final String UPLOAD_PREFIX = ".upload";
    private final Path root;

    public FilesystemBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    private Path resolve(String key) {
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root) || p.equals(root)) throw new IllegalArgumentException("bad artifact key " + key);
        return p;
    }

    @Override
    public void put(String key, Path file) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), UPLOAD_PREFIX, ".tmp");
        Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public int sweepUnfinished(Instant before) throws IOException {
        if (!Files.isDirectory(root)) return 0;
        try (Stream<Path> files = Files.walk(root)) {
            return TempFiles.removeOlder(
                    files.filter(f -> {
                        String name = f.getFileName().toString();
                        return name.startsWith(UPLOAD_PREFIX) && name.endsWith(".tmp");
                    }),
                    before);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(resolve(key));
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public void delete(String key) throws IOException {
        Path target = resolve(key);
        Files.deleteIfExists(target);
        Path parent = target.getParent();
        if (!parent.equals(root)) {
            try {
                Files.deleteIfExists(parent); // the job's directory, once its last artifact is gone
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                // other artifacts of the job are still kept
            }
        }
    }
}
