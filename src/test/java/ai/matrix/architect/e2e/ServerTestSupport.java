package ai.matrix.architect.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Properties every server under test gets: its own data directory, repo root and admin password. */
final class ServerTestSupport {
    static final String ADMIN_PASSWORD = "test-admin-password-1";

    private ServerTestSupport() {}

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void common(DynamicPropertyRegistry r, Path root) {
        r.add("architect.data-dir", () -> root.resolve("data").toString());
        r.add("architect.repo-roots", () -> root.resolve("repos").toString());
        r.add("architect.admin-password", () -> ADMIN_PASSWORD);
        r.add("db-scheduler.polling-interval", () -> "500ms");
        // these tests log in before every test; the login throttle has its own test
        r.add("architect.security.login-per-user", () -> "1000");
        try {
            Files.createDirectories(root.resolve("repos"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An {@code api} process on PostgreSQL at {@code url}, sharing {@code root/artifacts} with the worker processes
     * the test starts ({@link WorkerProcesses}).
     */
    static void apiOnPostgres(DynamicPropertyRegistry r, Path root, String url) {
        common(r, root);
        r.add("architect.mode", () -> "api");
        r.add("architect.artifacts-dir", () -> root.resolve("artifacts").toString());
        r.add("spring.datasource.url", () -> url);
        r.add("spring.datasource.username", () -> TestDatabases.USER);
        r.add("spring.datasource.password", () -> "");
    }
}
