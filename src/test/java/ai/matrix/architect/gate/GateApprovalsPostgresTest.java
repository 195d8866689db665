package ai.matrix.architect.gate;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The gate contract on PostgreSQL (127.0.0.1:5432, trust auth), in a fresh database of its own. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClock.class)
class GateApprovalsPostgresTest extends GateApprovalsContract {
    static final String PG_HOST = System.getenv().getOrDefault("TEST_PG_HOST", "127.0.0.1");
    static final String PG_USER = System.getenv().getOrDefault("TEST_PG_USER", "postgres");
    static final Path ROOT = tempDir();
    static final FakeEndpoint ENDPOINT = new FakeEndpoint(1);
    static final String URL = createDatabase();

    static String createDatabase() {
        String name = "gate_it_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + PG_HOST + ":5432/test", PG_USER, "")) {
            c.createStatement().execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL at " + PG_HOST + ":5432 is needed by this test: " + e.getMessage(), e);
        }
        return "jdbc:postgresql://" + PG_HOST + ":5432/" + name;
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws IOException {
        common(r, ROOT, ENDPOINT);
        r.add("spring.datasource.url", () -> URL);
        r.add("spring.datasource.username", () -> PG_USER);
        r.add("spring.datasource.password", () -> "");
    }

    @AfterAll
    static void stop() {
        ENDPOINT.close();
    }

    @Override
    Path root() {
        return ROOT;
    }

    @Override
    FakeEndpoint endpoint() {
        return ENDPOINT;
    }
}
