package ai.matrix.architect.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.matrix.architect.gate.MutableClock;
import ai.matrix.architect.job.Ids;
import ai.matrix.architect.job.JobLogs;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.secret.Redactor;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A stage's log lines reach the database while the stage runs, without waiting for more lines or for the stage
 * to end (a worker killed mid-stage keeps its output up to its last moments), each with the time it was written.
 */
class StageLogTest {
    private static final Instant START = Instant.parse("2026-01-02T03:04:05Z");
    private static JdbcClient jdbc;

    @BeforeAll
    static void database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:stage-log;DB_CLOSE_DELAY=-1");
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load()
                .migrate();
        jdbc = JdbcClient.create(ds);
    }

    private static String job() {
        String id = Ids.next("job");
        jdbc.sql("""
                insert into jobs (id, status, priority, project, repo_display, spec, created_by, created_at)
                values (?, 'running', 'NORMAL', 'default', 'repo', '{}', 'alice', ?)""").params(id, START.atOffset(ZoneOffset.UTC)).update();
        return id;
    }

    @Test
    void quietStageLinesAreSavedWithoutClosingTheLogEachWithItsOwnTime() {
        MutableClock clock = new MutableClock(START); // every line gets a time of its own
        JobLogs logs = new JobLogs(jdbc, new Redactor(), clock);
        String id = job();
        StageLog log = new StageLog(logs, id, StageName.DEPLOY);
        log.line("calling the target");
        clock.advance(Duration.ofSeconds(3));
        log.line("target answered");

        // never closed, no more lines: as if the worker were killed now
        await().atMost(Duration.ofSeconds(10))
                .until(() -> logs.read(id, StageName.DEPLOY, 0, 10).size() == 2);
        List<JobLogs.Line> saved = logs.read(id, StageName.DEPLOY, 0, 10);
        assertThat(saved).extracting(JobLogs.Line::text).containsExactly("calling the target", "target answered");
        assertThat(saved).extracting(JobLogs.Line::at).containsExactly(START, START.plusSeconds(3));
        log.close();
    }

    @Test
    void aChattyStageKeepsEveryLineInOrder() {
        JobLogs logs = new JobLogs(jdbc, new Redactor(), new MutableClock(START));
        String id = job();
        try (StageLog log = new StageLog(logs, id, StageName.VERIFY)) {
            for (int i = 0; i < 1_000; i++) log.line("line " + i);
        }
        List<JobLogs.Line> saved = logs.read(id, StageName.VERIFY, 0, 2_000);
        assertThat(saved).hasSize(1_000);
        assertThat(saved.get(0).text()).isEqualTo("line 0");
        assertThat(saved.get(999).text()).isEqualTo("line 999");
    }
}
