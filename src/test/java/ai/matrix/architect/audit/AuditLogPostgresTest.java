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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hash chain on PostgreSQL (127.0.0.1:5432, database {@code test}, in a schema of its own): concurrent
 * transactions append without gaps or forks and without waiting for each other, and an edited entry is found.
 */
class AuditLogPostgresTest {
    private final String schema =
            "audit_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private HikariDataSource ds;

    /** Each test on a chain of its own. */
    @BeforeEach
    void migrate() {
        ds = new HikariDataSource();
        ds.setJdbcUrl(
                System.getenv().getOrDefault("ARCHITECT_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test"));
        ds.setUsername("postgres");
        ds.setMaximumPoolSize(10);
        ds.setSchema(schema);
        Flyway.configure()
                .dataSource(ds)
                .schemas(schema)
                .createSchemas(true)
                .locations("classpath:db/migration/common", "classpath:db/migration/postgresql")
                .load()
                .migrate();
    }

    @AfterEach
    void drop() {
        JdbcClient.create(ds).sql("drop schema " + schema + " cascade").update();
        ds.close();
    }

    @Test
    void concurrentAppendsFormOneChain() throws Exception {
        JdbcClient jdbc = JdbcClient.create(ds);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(ds);
        AuditLog audit = new AuditLog(jdbc, java.time.Clock.systemUTC(), transactions);
        TransactionTemplate tx = new TransactionTemplate(transactions);
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

    /**
     * The reason for the intake: a transaction holding its audit entry uncommitted does not stop another
     * transaction from appending and committing (with one locked head row, the second waited for the first).
     */
    @Test
    void anOpenTransactionDoesNotHoldUpAnotherOnesAppend() throws Exception {
        JdbcClient jdbc = JdbcClient.create(ds);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(ds);
        AuditLog audit = new AuditLog(jdbc, java.time.Clock.systemUTC(), transactions);
        TransactionTemplate tx = new TransactionTemplate(transactions);
        long before = audit.verify().entries();
        java.util.concurrent.CountDownLatch appended = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> slow = pool.submit(() -> tx.executeWithoutResult(s -> {
                audit.appendAs("slow", "test.open", "job_slow", Map.of());
                appended.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(appended.await(30, java.util.concurrent.TimeUnit.SECONDS))
                    .isTrue();
            Future<?> fast = pool.submit(
                    () -> tx.executeWithoutResult(s -> audit.appendAs("fast", "test.commit", "job_fast", Map.of())));
            // a liveness guard, not a speed measure: with one locked head row this never finished
            fast.get(30, java.util.concurrent.TimeUnit.SECONDS);
            AuditLog.Verification meanwhile = audit.verify();
            assertThat(meanwhile.ok()).as(meanwhile.toString()).isTrue();
            assertThat(meanwhile.entries()).isEqualTo(before + 1); // the open one is not in the chain yet
            release.countDown();
            slow.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            release.countDown();
            pool.shutdown();
        }
        AuditLog.Verification after = audit.verify();
        assertThat(after.ok()).as(after.toString()).isTrue();
        assertThat(after.entries()).isEqualTo(before + 2);
        List<AuditLog.Entry> last = audit.list(null, null, null, null, 2).items();
        assertThat(last).extracting(AuditLog.Entry::actor).containsExactly("slow", "fast"); // in commit order
    }
}
