package ai.matrix.architect.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The queue figures an autoscaler reads, over db-scheduler's real table (the H2 migration's schema) and the stages
 * table: due and unpicked stages by priority (future and picked ones not counted, other tasks not counted), the
 * oldest one's wait, running stages by worker, and the series as Prometheus will name them.
 */
class QueueMetricsTest {
    JdbcClient jdbc;
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    QueueMetrics metrics;

    @BeforeEach
    void schema() throws Exception {
        var ds = new SimpleDriverDataSource(
                new org.h2.Driver(), "jdbc:h2:mem:queue" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        jdbc = JdbcClient.create(ds);
        String ddl =
                new ClassPathResource("db/migration/h2/V2__scheduler.sql").getContentAsString(StandardCharsets.UTF_8);
        for (String stmt : ddl.replaceAll("(?m)^--.*$", "").split(";")) {
            if (!stmt.isBlank()) jdbc.sql(stmt).update();
        }
        jdbc.sql("create table stages (job_id varchar(40), name varchar(20), status varchar(20), worker varchar(200))")
                .update();
        metrics = new QueueMetrics(jdbc, registry);
    }

    void task(String name, String instance, Instant at, boolean picked, Integer priority) {
        jdbc.sql("insert into scheduled_tasks (task_name, task_instance, execution_time, picked, version, priority)"
                        + " values (?, ?, ?, ?, 1, ?)")
                .params(name, instance, at.atOffset(ZoneOffset.UTC), picked, priority)
                .update();
    }

    @Test
    void countsDueUnpickedStagesByPriorityTheOldestWaitAndRunningStagesByWorker() {
        Instant now = Instant.now();
        task("job-stage", "a", now.minusSeconds(120), false, 90);
        task("job-stage", "b", now.minusSeconds(5), false, 50);
        task("job-stage", "c", now.minusSeconds(1), false, 50);
        task("job-stage", "d", now.minusSeconds(300), true, 50); // picked: running, not waiting
        task("job-stage", "e", now.plusSeconds(600), false, 10); // a retry later: not due
        task("housekeeping", "f", now.minusSeconds(900), false, 0); // not a stage
        jdbc.sql("insert into stages values ('j1', 'VERIFY', 'running', 'w1'), ('j2', 'PLAN', 'running', 'w1'),"
                        + " ('j3', 'PATCH', 'running', 'w2'), ('j4', 'PLAN', 'succeeded', 'w2')")
                .update();

        QueueMetrics.Snapshot s = metrics.refresh();
        assertThat(s.dueByPriority())
                .containsEntry("high", 1)
                .containsEntry("normal", 2)
                .containsEntry("low", 0);
        assertThat(s.oldestDueSeconds()).isBetween(119.0, 600.0);
        assertThat(s.running()).containsEntry("w1", 2).containsEntry("w2", 1).hasSize(2);

        assertThat(registry.get("architect.queue.due.executions")
                        .tag("priority", "normal")
                        .gauge()
                        .value())
                .isEqualTo(2.0);
        assertThat(registry.get("architect.queue.running.executions")
                        .tag("worker", "w1")
                        .gauge()
                        .value())
                .isEqualTo(2.0);
        assertThat(registry.get("architect.queue.oldest.due.age").gauge().value())
                .isGreaterThan(119.0);

        // a worker with nothing running drops out; an empty queue waits 0 s
        jdbc.sql("delete from scheduled_tasks").update();
        jdbc.sql("update stages set status = 'succeeded' where worker = 'w1'").update();
        metrics.refresh();
        assertThat(registry.find("architect.queue.running.executions")
                        .tag("worker", "w1")
                        .gauge())
                .isNull();
        assertThat(registry.get("architect.queue.oldest.due.age").gauge().value())
                .isZero();
        assertThat(registry.get("architect.queue.due.executions")
                        .tag("priority", "high")
                        .gauge()
                        .value())
                .isZero();
    }

    @Test
    void queueNumbersMapToTheNearestPriority() {
        assertThat(QueueMetrics.priorityName(90)).isEqualTo("high");
        assertThat(QueueMetrics.priorityName(50)).isEqualTo("normal");
        assertThat(QueueMetrics.priorityName(10)).isEqualTo("low");
        assertThat(QueueMetrics.priorityName(null)).isEqualTo("normal");
    }
}
