package ai.matrix.architect.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The secrets of one run as files, for tools that read a key or a kubeconfig from a path: each secret a command
 * receives as the environment variable {@code NAME} is also the file {@code NAME} in a private directory, and
 * {@code NAME_FILE} names it (the convention of Docker's and Kubernetes' secrets). The directory is on tmpfs
 * ({@code /dev/shm}) when the host has one, so the values never reach a disk; it is owner-only, mounted read-only
 * at {@value SandboxRequest#SECRETS_MOUNT} by the sandboxes that can, and deleted when the run ends.
 */
public final class SecretFiles implements AutoCloseable {
    private static final SecretFiles NONE = new SecretFiles(null, false, Map.of());
    static final String PREFIX = "matrix-architect-secrets-";

    private final Path dir;
    private final boolean mounted;
    private final Map<String, String> env;

    private SecretFiles(Path dir, boolean mounted, Map<String, String> env) {
        this.dir = dir;
        this.mounted = mounted;
        this.env = env;
    }

    /** No files: the command gets its secrets as environment variables only. */
    public static SecretFiles none() {
        return NONE;
    }

    /**
     * Writes each secret (environment variable name → value) as a file.
     *
     * @param mounted whether the sandbox mounts the directory at {@value SandboxRequest#SECRETS_MOUNT}; if not
     *     (the unisolated sandbox), {@code NAME_FILE} names the host path
     * @param fallbackParent where to make the directory when the host has no {@code /dev/shm}
     */
    public static SecretFiles write(Map<String, String> secrets, boolean mounted, Path fallbackParent)
            throws SandboxException {
        if (secrets.isEmpty()) return NONE;
        Path shm = Path.of("/dev/shm");
        try {
            Path parent = Files.isDirectory(shm) && Files.isWritable(shm)
                    ? shm
                    : Files.createDirectories(fallbackParent.resolve("run-secrets"));
            Path dir = Files.createTempDirectory(
                    parent, PREFIX, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Map<String, String> env = new LinkedHashMap<>();
            for (Map.Entry<String, String> s : secrets.entrySet()) {
                Path file = Files.createFile(
                        dir.resolve(s.getKey()),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, s.getValue(), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
                env.put(
                        s.getKey() + "_FILE",
                        mounted ? SandboxRequest.SECRETS_MOUNT + "/" + s.getKey() : file.toString());
            }
            return new SecretFiles(dir, mounted, Map.copyOf(env));
        } catch (IOException | UnsupportedOperationException e) {
            throw new SandboxException("cannot write the secret files: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the secret directories that a crashed process left behind: those older than {@code age}, which is
     * longer than any run may last, so a directory of a run still going (in this or another process) is kept.
     */
    public static int sweep(Duration age, Path fallbackParent) {
        int removed = 0;
        Instant before = Instant.now().minus(age);
        for (Path parent : List.of(Path.of("/dev/shm"), fallbackParent.resolve("run-secrets"))) {
            if (!Files.isDirectory(parent)) continue;
            try (var dirs = Files.list(parent)) {
                for (Path d : dirs.filter(x -> x.getFileName().toString().startsWith(PREFIX))
                        .toList()) {
                    if (Files.getLastModifiedTime(d, LinkOption.NOFOLLOW_LINKS)
                                    .toInstant()
                                    .isBefore(before)
                            && Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                        new SecretFiles(d, false, Map.of()).close();
                        removed++;
                    }
                }
            } catch (IOException ignored) {
                // not readable here: nothing of ours
            }
        }
        return removed;
    }

    /** The host directory, or null when there are no files. */
    public Path dir() {
        return dir;
    }

    /** Whether the sandbox mounts the directory (else the environment names host paths). */
    public boolean mounted() {
        return mounted && dir != null;
    }

    /** {@code NAME_FILE} for each secret. */
    public Map<String, String> env() {
        return env;
    }

    @Override
    public void close() {
        if (dir == null) return;
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a directory left in /dev/shm is gone at the next boot; the values are also masked in every log
        }
    }
}
