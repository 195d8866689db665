package ai.matrix.architect.workspace;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.secret.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The SSH key the product signs its commits with ({@code gpg.format=ssh}): taken from the secrets provider when
 * {@code architect.commit-signing.key} names a secret (an OpenSSH private key), else generated once as
 * {@code <data dir>/keys/commit-signing-ed25519} (owner-only), like the attestation key. On by default
 * ({@code architect.commit-signing.enabled=false} turns it off). Workers need not share the key: PATCH keeps the
 * signed commit's raw object and a worker rebuilding the workspace writes that object back (same id, same signature)
 * instead of signing again; {@link CommitSigningKeyRegistry} publishes every process's public key, so that the
 * commits of every worker verify.
 */
@Component
public class CommitSigning {
    static final String FILE = "commit-signing-ed25519";
    static final String FROM_SECRET = "commit-signing-from-secret";
    private static final Duration KEYGEN_TIMEOUT = Duration.ofSeconds(30);

    private final Path privateKey;
    private final String publicKey;

    /** No signing (tests and tools that make commits of their own). */
    public static final CommitSigning NONE = new CommitSigning(null, "");

    private CommitSigning(Path privateKey, String publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    @Autowired
    CommitSigning(
            ArchitectProperties props,
            Secrets secrets,
            @Value("${architect.commit-signing.enabled:true}") boolean enabled,
            @Value("${architect.commit-signing.key:}") String secret) {
        this(
                enabled || !secret.isBlank()
                        ? keyFile(
                                props.dataDir().resolve("keys").toAbsolutePath().normalize(), secrets, secret)
                        : null);
    }

    private CommitSigning(Path privateKey) {
        this(privateKey, privateKey == null ? "" : publicOf(privateKey));
    }

    /** Signs with the key in {@code dir}, generating it there when it is missing. */
    public static CommitSigning inDirectory(Path dir) {
        return new CommitSigning(generated(dir.toAbsolutePath().normalize()));
    }

    private static Path keyFile(Path dir, Secrets secrets, String secret) {
        if (secret == null || secret.isBlank()) return generated(dir);
        String pem = secrets.resolve(secret)
                .orElseThrow(() -> new IllegalStateException(
                        "ARCHITECT_COMMIT_SIGNING_KEY (architect.commit-signing.key) names the secret " + secret
                                + ", which does not exist"));
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(FROM_SECRET);
            Files.deleteIfExists(file);
            // ssh-keygen reads the key from a file only; it is as private as the generated one
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, pem.strip() + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the commit signing key in " + dir, e);
        }
    }

    private static synchronized Path generated(Path dir) {
        Path file = dir.resolve(FILE);
        if (Files.exists(file)) return file;
        try {
            Files.createDirectories(dir);
            run(
                    "ssh-keygen",
                    "-q",
                    "-t",
                    "ed25519",
                    "-N",
                    "",
                    "-C",
                    "matrix-architect commit signing",
                    "-f",
                    file.toString());
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot generate the commit signing key in " + dir + " (" + e.getMessage()
                            + "); commit signing needs ssh-keygen (Debian's openssh-client), or turn it off with"
                            + " ARCHITECT_COMMIT_SIGNING_ENABLED=false (architect.commit-signing.enabled)",
                    e);
        }
    }

    private static String publicOf(Path key) {
        try {
            return run("ssh-keygen", "-y", "-f", key.toString()).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the commit signing key " + key, e);
        }
    }

    private static String run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(KEYGEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(cmd[0] + " failed: " + new String(out, StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    public boolean enabled() {
        return privateKey != null;
    }

    /** The public key in OpenSSH form ({@code ssh-ed25519 AAAA… comment}); empty when commits are not signed. */
    public String publicKey() {
        return publicKey;
    }

    /**
     * A line for git's {@code gpg.ssh.allowedSignersFile} that accepts this key for the product's commits.
     */
    public String allowedSigner() {
        return allowedSigner(publicKey);
    }

    static String allowedSigner(String publicKey) {
        return Workspace.AUTHOR_EMAIL + " namespaces=\"git\" " + publicKey;
    }

    /** The {@code -c} settings that make {@code git commit} sign (after the hardening's commit.gpgsign=false). */
    List<String> gitConfig() {
        if (privateKey == null) return List.of();
        return List.of(
                "gpg.format=ssh", "gpg.ssh.program=ssh-keygen", "user.signingkey=" + privateKey, "commit.gpgsign=true");
    }
}
