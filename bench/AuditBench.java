import ai.matrix.architect.audit.AuditLog;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits per second of job-transition-like transactions on PostgreSQL, each updating its own job row, appending
 * one audit entry and spending {@code --work-ms} inside the transaction (the other statements of a checkpoint),
 * from {@code --threads} threads at once. Compares the audit entry appended under the single locked
 * {@code audit_head} row (the design before ADR 0009, reproduced here) with the intake that {@link AuditLog} uses
 * now. Run by bench/audit.sh.
 */
public class AuditBench {
    public static void main(String[] args) throws Exception {
        int threads = arg(args, "--threads", 16);
        int perThread = arg(args, "--tx", 50);
        int workMs = arg(args, "--work-ms", 5);
        String url = System.getenv().getOrDefault("BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        System.out.println("| design | threads | transactions | work in tx ms | commits/s | p50 tx ms | p99 tx ms |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (String design : List.of("locked head", "intake")) {
            String schema = "audit_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            try (HikariDataSource ds = new HikariDataSource()) {
                ds.setJdbcUrl(url);
                ds.setUsername("postgres");
                ds.setMaximumPoolSize(threads + 2);
                ds.setSchema(schema);
                Flyway.configure().dataSource(ds).schemas(schema).createSchemas(true)
                        .locations("classpath:db/migration/common", "classpath:db/migration/postgresql")
                        .load().migrate();
                JdbcClient jdbc = JdbcClient.create(ds);
                jdbc.sql("create table bench_jobs (id int primary key, n int not null)").update();
                for (int t = 0; t < threads; t++) jdbc.sql("insert into bench_jobs values (?, 0)").param(t).update();
                DataSourceTransactionManager txm = new DataSourceTransactionManager(ds);
                TransactionTemplate tx = new TransactionTemplate(txm);
                AuditLog audit = new AuditLog(jdbc, Clock.systemUTC(), txm);
                List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                long t0 = System.nanoTime();
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int job = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            long s = System.nanoTime();
                            tx.executeWithoutResult(st -> {
                                jdbc.sql("update bench_jobs set n = n + 1 where id = ?").param(job).update();
                                if (design.equals("intake")) {
                                    audit.appendAs("bench", "job.transition", "job_" + job, Map.of("n", 1));
                                } else {
                                    lockedHeadAppend(jdbc, audit, job);
                                }
                                sleep(workMs);
                            });
                            latencies.add(System.nanoTime() - s);
                        }
                    }));
                }
                for (Future<?> f : done) f.get();
                double seconds = (System.nanoTime() - t0) / 1e9;
                pool.shutdown();
                AuditLog.Verification v = audit.verify();
                if (!v.ok() || v.entries() != (long) threads * perThread) throw new IllegalStateException(v.toString());
                List<Long> sorted = latencies.stream().sorted().toList();
                System.out.printf("| %s | %d | %d | %d | %.0f | %.1f | %.1f |%n", design, threads, sorted.size(), workMs,
                        sorted.size() / seconds, sorted.get(sorted.size() / 2) / 1e6,
                        sorted.get((int) (sorted.size() * 0.99)) / 1e6);
                jdbc.sql("drop schema " + schema + " cascade").update();
            }
        }
    }

    /** The former append: the head row is locked first, then held until the transaction commits. */
    static void lockedHeadAppend(JdbcClient jdbc, AuditLog audit, int job) {
        jdbc.sql("update audit_head set seq = seq + 1 where id = 1").update();
        Map<String, Object> head = jdbc.sql("select seq, hash from audit_head where id = 1").query().singleRow();
        long seq = ((Number) head.get("seq")).longValue();
        String prev = (String) head.get("hash");
        var at = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        String details = "{\"n\":1}";
        String hash = audit.hash(prev, seq, at, "bench", "job.transition", "job_" + job, details);
        jdbc.sql("insert into audit_log (seq, at, actor, action, target, details, prev_hash, hash)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(seq, at.atOffset(java.time.ZoneOffset.UTC), "bench", "job.transition", "job_" + job, details,
                        prev, hash)
                .update();
        jdbc.sql("update audit_head set hash = ? where id = 1").param(hash).update();
    }

    static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int arg(String[] args, String name, int dflt) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(name)) return Integer.parseInt(args[i + 1]);
        return dflt;
    }
}
