package ai.matrix.architect.security;

import ai.matrix.architect.config.ArchitectProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HS256 key: JWT_SECRET when set (at least 256 bits, or the server refuses to start), else a random key
 * generated once and kept in the data directory so that tokens survive restarts and are shared by processes
 * using the same data directory.
 */
final class JwtKeys {
    static final int MIN_BYTES = 32;

    private JwtKeys() {}

    static SecretKey load(ArchitectProperties props) {
        String secret = props.jwt().secret();
        byte[] bytes;
        if (!secret.isBlank()) {
            bytes = secret.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_BYTES) {
                throw new IllegalStateException("JWT_SECRET is " + bytes.length * 8 + " bits long; HS256 needs at least"
                        + " 256 bits (32 bytes). Set a longer secret, or unset it to have one generated.");
            }
        } else {
            bytes = generatedSecret(props.dataDir().resolve("keys").resolve("jwt-secret"));
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }

    private static byte[] generatedSecret(Path file) {
        try {
            if (Files.exists(file))
                return Base64.getDecoder().decode(Files.readString(file).strip());
            Files.createDirectories(file.getParent());
            byte[] bytes = new byte[48];
            new SecureRandom().nextBytes(bytes);
            Path tmp = Files.createTempFile(
                    file.getParent(),
                    "jwt",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, Base64.getEncoder().encodeToString(bytes));
            try {
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                Files.deleteIfExists(tmp);
            }
            return Base64.getDecoder().decode(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the JWT key in " + file, e);
        }
    }
}
