package ai.matrix.architect.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.secret.Redactor;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generated from {@link JobTrigger}'s table: from every status, every trigger either applies (the status moves and
 * one event says so) or is refused (nothing written), on a real database.
 */
class JobStateMachineTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static JdbcClient jdbc;
    private static JobStateMachine machine;
    private static JobEvents events;

    @BeforeAll
    static void database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:state-machine;DB_CLOSE_DELAY=-1");
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load()
                .migrate();
        jdbc = JdbcClient.create(ds);
        ObjectMapper json = JsonMapper.builder().build();
        JobStore store = new JobStore(jdbc, json, new Redactor());
        events = new JobEvents(jdbc, json, List.of(), Clock.fixed(NOW, ZoneOffset.UTC));
        machine = new JobStateMachine(store, events, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @TestFactory
    Stream<DynamicTest> everyTriggerFromEveryStatus() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JobStatus from : JobStatus.values()) {
            for (JobTrigger trigger : JobTrigger.values()) {
                boolean allowed = trigger.from().contains(from);
                String name = from + " --" + trigger + "--> " + (allowed ? trigger.to() : "refused");
                tests.add(DynamicTest.dynamicTest(name, () -> check(from, trigger, allowed)));
            }
        }
        return tests.stream();
    }

    private static void check(JobStatus from, JobTrigger trigger, boolean allowed) {
        String id = Ids.next("job");
        jdbc.sql("""
                insert into jobs (id, status, priority, project, repo_display, spec, created_by, created_at)
                values (?, ?, 'NORMAL', 'default', 'repo', '{}', 'alice', ?)""").params(id, from.wire(), NOW.atOffset(ZoneOffset.UTC)).update();
        long before = events.lastId();

        boolean applied = machine.apply(id, trigger, StageName.GATE);

        String status = jdbc.sql("select status from jobs where id = ?")
                .param(id)
                .query(String.class)
                .single();
        List<JobEvents.Event> published = events.after(before, 10);
        if (allowed) {
            assertThat(applied).isTrue();
            assertThat(status).isEqualTo(trigger.to().wire());
            assertThat(published).singleElement().satisfies(e -> {
                assertThat(e.jobId()).isEqualTo(id);
                assertThat(e.type()).isEqualTo("job");
                assertThat(e.data()).contains("\"status\":\"" + trigger.to().wire() + "\"");
            });
        } else {
            assertThat(applied).isFalse();
            assertThat(status).isEqualTo(from.wire());
            assertThat(published).isEmpty();
        }
    }
}
