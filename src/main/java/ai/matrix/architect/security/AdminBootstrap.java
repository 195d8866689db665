package ai.matrix.architect.security;

import ai.matrix.architect.config.ArchitectProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Creates the bootstrap user {@code admin} on first start when no user exists: with ARCHITECT_ADMIN_PASSWORD,
 * or with a generated password that is printed once and kept (readable by the owner only) in
 * {@code <data dir>/initial-admin-password} until the operator deletes it. It runs before the web server opens
 * its port: a server that answers its health check can be logged in to (an application runner came after the
 * port opened, and a client that waited for health was refused with 401).
 */
@Component
class AdminBootstrap implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    static final String PASSWORD_FILE = "initial-admin-password";

    private final Users users;
    private final ArchitectProperties props;

    AdminBootstrap(Users users, ArchitectProperties props) {
        this.users = users;
        this.props = props;
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            run();
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the generated admin password", e);
        }
    }

    void run() throws IOException {
        if (users.count() > 0) return;
        String password = props.adminPassword();
        boolean generated = password.isBlank();
        if (generated) {
            byte[] bytes = new byte[18];
            new SecureRandom().nextBytes(bytes);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
        if (!users.create("admin", password, Role.ADMIN)) return; // another process was first
        if (generated) {
            Path file = props.dataDir().resolve(PASSWORD_FILE);
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, password + "\n");
            System.out.println("\n  Created user 'admin' with the generated password: " + password
                    + "\n  (also kept in " + file.toAbsolutePath() + "; delete that file once you have stored it)\n");
        } else {
            log.info("created user 'admin' with the password from ARCHITECT_ADMIN_PASSWORD");
        }
    }
}
