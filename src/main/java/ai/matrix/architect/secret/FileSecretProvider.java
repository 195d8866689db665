package ai.matrix.architect.secret;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Secrets as files in one directory (a mounted Kubernetes or Docker secret, say): {@code file:db-password}
 * reads {@code <dir>/db-password}, without a trailing newline. Names cannot leave the directory.
 */
public final class FileSecretProvider implements SecretProvider {
    private final Path dir;

    public FileSecretProvider(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    @Override
    public String scheme() {
        return "file";
    }

    @Override
    public Optional<String> get(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,199}") || name.contains("..")) return Optional.empty();
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            if (!file.toRealPath().startsWith(dir.toRealPath())) return Optional.empty();
            String value = Files.readString(file);
            return Optional.of(value.endsWith("\n") ? value.substring(0, value.length() - 1) : value);
        } catch (IOException e) {
            throw new SecretException("cannot read the secret file for '" + name + "': "
                    + e.getClass().getSimpleName());
        }
    }
}
