package ai.matrix.architect.observe;

import ai.matrix.architect.job.Priority;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * What an autoscaler reads: the queue's stages that are due and that no worker has picked, by priority; how long
 * the oldest of them has waited; and the stages running now, by worker. Read from the database every 15 s (not
 * on each scrape, so a scrape never waits on the database and an outage only leaves the last figures), by every
 * process: the queue is the database's, so every process reports the same numbers and dashboards take the
 * {@code max} over instances, never the sum (docs/observability.md).
 */
@Component
public class QueueMetrics {
    private static final Logger log = LoggerFactory.getLogger(QueueMetrics.class);
    static final String STAGE_TASK = "job-stage";
    private final JdbcClient jdbc;
    private final MultiGauge due;
    private final MultiGauge running;
    private final AtomicReference<Double> oldestDueSeconds = new AtomicReference<>(0.0);
    private volatile boolean failing;

    QueueMetrics(JdbcClient jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.due = MultiGauge.builder("architect.queue.due.executions")
                .description("stages due to run that no worker has picked yet, by job priority")
                .register(registry);
        this.running = MultiGauge.builder("architect.queue.running.executions")
                .description("stages running now, by the worker running them")
                .register(registry);
        Gauge.builder("architect.queue.oldest.due.age", oldestDueSeconds, AtomicReference::get)
                .description("how long the oldest due, unpicked stage has waited past its execution time")
                .baseUnit("seconds")
                .register(registry);
    }

    /** The figures as of now; also what the gauges report until the next refresh. */
    public record Snapshot(Map<String, Integer> dueByPriority, double oldestDueSeconds, Map<String, Integer> running) {}

    @Scheduled(initialDelay = 0, fixedDelay = 15_000)
    void refreshQuietly() {
        try {
            refresh();
            if (failing) log.info("queue metrics are read again");
            failing = false;
        } catch (RuntimeException e) {
            if (!failing)
                log.warn("queue metrics keep their last values; the database did not answer: {}", e.getMessage());
            failing = true;
        }
    }

    public Snapshot refresh() {
        // db-scheduler's execution times are on the system clock
        Instant now = Instant.now();
        OffsetDateTime nowUtc = now.atOffset(ZoneOffset.UTC);
        Map<String, Integer> byPriority = new LinkedHashMap<>();
        for (Priority p : Priority.values()) byPriority.put(p.name().toLowerCase(java.util.Locale.ROOT), 0);
        jdbc.sql("select priority, count(*) from scheduled_tasks where task_name = ? and picked = ?"
                        + " and execution_time <= ? group by priority")
                .params(STAGE_TASK, false, nowUtc)
                .query(rs -> {
                    byPriority.merge(priorityName(rs.getObject(1)), rs.getInt(2), Integer::sum);
                });
        Timestamp[] oldest = {null};
        jdbc.sql("select min(execution_time) from scheduled_tasks where task_name = ? and picked = ?"
                        + " and execution_time <= ?")
                .params(STAGE_TASK, false, nowUtc)
                .query(rs -> {
                    oldest[0] = rs.getTimestamp(1);
                });
        double age = oldest[0] == null
                ? 0
                : Math.max(0, Duration.between(oldest[0].toInstant(), now).toMillis() / 1000.0);
        Map<String, Integer> byWorker = new LinkedHashMap<>();
        jdbc.sql("select worker, count(*) from stages where status = 'running' group by worker")
                .query(rs -> {
                    byWorker.merge(rs.getString(1) == null ? "unknown" : rs.getString(1), rs.getInt(2), Integer::sum);
                });

        List<MultiGauge.Row<?>> dueRows = new ArrayList<>();
        byPriority.forEach((p, n) -> dueRows.add(MultiGauge.Row.of(Tags.of("priority", p), n)));
        due.register(dueRows, true);
        List<MultiGauge.Row<?>> runningRows = new ArrayList<>();
        byWorker.forEach((w, n) -> runningRows.add(MultiGauge.Row.of(Tags.of("worker", w), n)));
        running.register(runningRows, true);
        oldestDueSeconds.set(age);
        return new Snapshot(byPriority, age, byWorker);
    }

    /** A job's priority from the queue's number: the nearest named one, since only those are ever queued. */
    static String priorityName(Object value) {
        if (value == null) return Priority.NORMAL.name().toLowerCase(java.util.Locale.ROOT);
        int n = ((Number) value).intValue();
        Priority best = Priority.NORMAL;
        for (Priority p : Priority.values()) {
            if (Math.abs(p.weight() - n) < Math.abs(best.weight() - n)) best = p;
        }
        return best.name().toLowerCase(java.util.Locale.ROOT);
    }
}
