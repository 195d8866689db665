package ai.matrix.architect.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

/** Fresh PostgreSQL databases on the machine's server (127.0.0.1:5432, trust auth), one per test class. */
public final class TestDatabases {
    public static final String HOST = System.getenv().getOrDefault("TEST_PG_HOST", "127.0.0.1");
    public static final String USER = System.getenv().getOrDefault("TEST_PG_USER", "postgres");

    private TestDatabases() {}

    /** Creates an empty database and returns its JDBC URL. */
    public static String createPostgres() {
        String name = "architect_it_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":5432/test", USER, "")) {
            c.createStatement().execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL at " + HOST + ":5432 is needed by this test: " + e.getMessage(), e);
        }
        return "jdbc:postgresql://" + HOST + ":5432/" + name;
    }
}
