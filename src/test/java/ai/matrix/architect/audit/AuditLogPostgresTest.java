package ai.matrix.architect.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hash chain on PostgreSQL (127.0.0.1:5432, database {@code test}, in a schema of its own): concurrent
 * transactions append in commit order without gaps or forks, and an edited entry is found.
 */
class AuditLogPostgresTest {
    private static final String SCHEMA =
            "audit_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static HikariDataSource ds;

    @BeforeAll
    static void migrate() {
        ds = new HikariDataSource();
        ds.setJdbcUrl(
                System.getenv().getOrDefault("ARCHITECT_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test"));
        ds.setUsername("postgres");
        ds.setMaximumPoolSize(10);
        ds.setSchema(SCHEMA);
        Flyway.configure()
                .dataSource(ds)
                .schemas(SCHEMA)
                .createSchemas(true)
                .locations("classpath:db/migration/common", "classpath:db/migration/postgresql")
                .load()
                .migrate();
    }

    @AfterAll
    static void drop() {
        JdbcClient.create(ds).sql("drop schema " + SCHEMA + " cascade").update();
        ds.close();
    }

    @Test
    void concurrentAppendsFormOneChain() throws Exception {
        JdbcClient jdbc = JdbcClient.create(ds);
        AuditLog audit = new AuditLog(jdbc, java.time.Clock.systemUTC());
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        int n = i;
                        tx.executeWithoutResult(
                                s -> audit.appendAs("worker-" + thread, "test.append", "t" + thread, Map.of("n", n)));
                    }
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdown();
        }
        AuditLog.Verification ok = audit.verify();
        assertThat(ok.ok()).as(ok.toString()).isTrue();
        assertThat(ok.entries()).isEqualTo(200);
        assertThat(jdbc.sql("select max(seq) from audit_log").query(Long.class).single())
                .isEqualTo(200L);

        jdbc.sql("update audit_log set actor = 'mallory' where seq = 57").update();
        AuditLog.Verification bad = audit.verify();
        assertThat(bad.ok()).isFalse();
        assertThat(bad.firstBadSeq()).isEqualTo(57L);
        assertThat(bad.reason()).isEqualTo("hash mismatch");
    }
}
