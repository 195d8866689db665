package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * This test's process is an {@code api} process; one {@code worker} process of its own runs the stages. Both
 * poll hourly with db-scheduler's immediate execution off, so the worker can only learn of PLAN through the
 * api process's NOTIFY, and keeps doing so after its listening connection was killed.
 */
// a database of its own that no other test class reuses: close the context (and its pool) when done, so that
// PostgreSQL's connection limit is not spent on idle pools of finished classes
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WakeUpAcrossProcessesPostgresTest {
    static final Path ROOT = ServerTestSupport.tempDir("architect-wake-procs");
    static final String URL = TestDatabases.createPostgres();
    static final String LISTENER = "architect-queue-listener";

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.common(r, ROOT);
        WakeUpContract.pollHourly(r);
        r.add("architect.mode", () -> "api");
        r.add("architect.artifacts-dir", () -> ROOT.resolve("artifacts").toString());
        r.add("spring.datasource.url", () -> URL);
        r.add("spring.datasource.username", () -> TestDatabases.USER);
        r.add("spring.datasource.password", () -> "");
    }

    @LocalServerPort
    int port;

    Process worker;

    @AfterEach
    void stopWorker() {
        if (worker != null) worker.destroyForcibly();
    }

    /** Process ids of the listening connections on this test's database. */
    static String listenerPids() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, TestDatabases.USER, "");
                var rs = c.createStatement()
                        .executeQuery("select coalesce(string_agg(pid::text, ','), '') from pg_stat_activity"
                                + " where datname = current_database() and application_name = '" + LISTENER + "'"
                                + " and query ilike 'LISTEN%'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aWorkerProcessIsWokenByTheApiProcessAndAfterItsConnectionDropped() throws Exception {
        worker = WorkerProcesses.start(
                ROOT,
                URL,
                "w1",
                Map.of(
                        "DB_SCHEDULER_POLLING_INTERVAL",
                        WakeUpContract.HOURLY,
                        "DB_SCHEDULER_IMMEDIATE_EXECUTION_ENABLED",
                        "false"));
        TestApi api = new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
        await().atMost(Duration.ofSeconds(30)).until(() -> !listenerPids().isEmpty());
        String first = listenerPids();
        assertThat(first)
                .as("only the worker listens; the api process runs no stages")
                .doesNotContain(",");

        WakeUpContract.runsAllSixStages(api, ROOT.resolve("repos"));

        try (Connection c = DriverManager.getConnection(URL, TestDatabases.USER, "")) {
            c.createStatement().execute("select pg_terminate_backend(" + first + ")");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String now = listenerPids();
            return !now.isEmpty() && !now.equals(first);
        });

        WakeUpContract.runsAllSixStages(api, ROOT.resolve("repos"));
    }
}
