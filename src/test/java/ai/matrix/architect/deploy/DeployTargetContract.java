package ai.matrix.architect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What every deploy target type must do (issue 17, "Must show" 1), through the one {@link ReleaseFlow} DEPLOY
 * and the rollback API use, on a real release store (H2 with the project's migrations). Each type's test is a
 * subclass that says how to make its target, how to make a job's result of a given version ({@code v1},
 * {@code v2}, {@code bad}: never healthy), and what version the target (the real thing, a mock API server or a
 * fake speaking the real wire format) runs now.
 */
public abstract class DeployTargetContract {
    protected static final String TARGET = "web";

    protected Releases releases;
    protected ReleaseFlow flow;
    protected JdbcClient jdbc;
    protected final List<String> log = new CopyOnWriteArrayList<>();

    /** The target under test, configured with the name {@link #TARGET}. */
    protected abstract DeployTarget target() throws Exception;

    /** A job's result of {@code version} to deploy as {@code releaseId}: the request DEPLOY would make. */
    protected abstract ReleaseRequest request(String releaseId, String jobId, String version) throws Exception;

    /** The version the target runs now, as the target itself holds it. */
    protected abstract String running() throws Exception;

    /** How many times the release's change reached the target. */
    protected abstract int deliveries(String releaseId) throws Exception;

    /** The health wait of every release here: short, since {@code bad} waits all of it. */
    protected Duration timeout() {
        return Duration.ofSeconds(3);
    }

    /** The version that hangs without becoming healthy or failing (the timeout case). */
    protected String hangingVersion() {
        return "bad";
    }

    @BeforeEach
    void releaseStore() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:releases-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load()
                .migrate();
        jdbc = JdbcClient.create(ds);
        releases = new Releases(jdbc, new TransactionTemplate(new DataSourceTransactionManager(ds)));
        flow = new ReleaseFlow(releases, Clock.systemUTC());
    }

    /** The job row a release refers to. */
    protected String job(String id) {
        jdbc.sql("insert into jobs (id, status, priority, project, repo_display, spec, created_by, created_at)"
                        + " values (?, 'running', 'NORMAL', 'default', 'repo', '{}', 'alice', ?)")
                .params(id, java.time.Instant.now().atOffset(ZoneOffset.UTC))
                .update();
        return id;
    }

    protected ReleaseFlow.Outcome deploy(String releaseId, String version) throws Exception {
        String jobId = "job_" + releaseId.substring(4);
        if (releases.record(releaseId).isEmpty()
                && jdbc.sql("select count(*) from jobs where id = ?")
                                .param(jobId)
                                .query(Integer.class)
                                .single()
                        == 0) {
            job(jobId);
        }
        return flow.deploy(target(), request(releaseId, jobId, version), timeout());
    }

    @Test
    void aReleaseIsDeployedAndBecomesTheHealthyCurrentRelease() throws Exception {
        ReleaseFlow.Outcome o = deploy("rel_1", "v1");
        assertThat(o.status()).as("%s %s", o.why(), log).isEqualTo("healthy");
        ReleaseRecord r = releases.record("rel_1").orElseThrow();
        assertThat(r.status()).isEqualTo("healthy");
        assertThat(r.targetType()).isEqualTo(target().type());
        assertThat(r.health()).isNotBlank();
        assertThat(r.deployed()).isNotEmpty();
        assertThat(releases.current(TARGET).map(ReleaseRecord::id)).contains("rel_1");
        assertThat(running()).isEqualTo("v1");
        assertThat(target().describe().summary()).isNotBlank();
    }

    @Test
    void aReleaseThatBecameHealthyIsNotDeployedAgain() throws Exception {
        assertThat(deploy("rel_1", "v1").status()).isEqualTo("healthy");
        ReleaseFlow.Outcome again = deploy("rel_1", "v1");
        assertThat(again.status()).isEqualTo("reused");
        assertThat(deliveries("rel_1")).isEqualTo(1);
        assertThat(releases.attempts("rel_1")).hasSize(1);
    }

    @Test
    void aReleaseResumedAfterACrashIsToldSoAndEndsCurrentOnce() throws Exception {
        String jobId = job("job_1");
        ReleaseRequest crashed = request("rel_1", jobId, "v1");
        // the first worker opened the attempt, called the target, and died before it recorded anything more
        DeployOutput.Attempt first = releases.start(
                new Releases.Opening("rel_1", jobId, TARGET, target().type(), "staging", crashed.commit(), null),
                java.time.Instant.now());
        target().deploy(crashed.withAttempt(first));
        ReleaseFlow.Outcome o = flow.deploy(target(), request("rel_1", jobId, "v1"), timeout());
        assertThat(o.status()).as("%s %s", o.why(), log).isEqualTo("healthy");
        assertThat(o.attempt().resumed()).isTrue();
        assertThat(releases.attempts("rel_1"))
                .extracting(a -> a.attempt() + " " + a.resumed() + " " + a.status())
                .containsExactly("1 false interrupted", "2 true succeeded");
        assertThat(releases.list(TARGET, null, 10))
                .extracting(ReleaseRecord::status)
                .containsExactly("healthy");
        assertThat(running()).isEqualTo("v1");
        assertThat(deliveries("rel_1")).isLessThanOrEqualTo(maxDeliveriesAfterACrash());
    }

    /** A command is called again (at least once, told it resumes); a declarative target applies the change once. */
    protected int maxDeliveriesAfterACrash() {
        return 1;
    }

    @Test
    void aReleaseThatIsNotHealthyIsRolledBackToThePreviousWhichIsCurrentAndHealthyAgain() throws Exception {
        assertThat(deploy("rel_1", "v1").status()).isEqualTo("healthy");
        ReleaseFlow.Outcome o = deploy("rel_2", "bad");
        assertThat(o.status()).as("%s %s", o.why(), log).isEqualTo("rolled_back");
        assertThat(o.rollback().toRelease()).isEqualTo("rel_1");
        assertThat(o.rollback().health().healthy()).isTrue();
        assertThat(o.why()).startsWith("health check failed: ").endsWith("rolled back to rel_1");
        assertThat(releases.record("rel_2").orElseThrow().status()).isEqualTo("rolled_back");
        assertThat(releases.record("rel_2").orElseThrow().previousRelease()).isEqualTo("rel_1");
        assertThat(releases.current(TARGET).map(ReleaseRecord::id)).contains("rel_1");
        assertThat(running()).isEqualTo("v1");
    }

    @Test
    void anExplicitRollbackPutsTheEarlierReleaseBackAndMakesItCurrent() throws Exception {
        assertThat(deploy("rel_1", "v1").status()).isEqualTo("healthy");
        assertThat(deploy("rel_2", "v2").status()).isEqualTo("healthy");
        assertThat(releases.record("rel_1").orElseThrow().status()).isEqualTo("superseded");
        assertThat(running()).isEqualTo("v2");
        ReleaseRequest back = request("rel_2", "job_1", "v1");
        ReleaseFlow.Outcome o = flow.rollBack(target(), back, "rel_1", timeout());
        assertThat(o.status()).as("%s %s", o.why(), log).isEqualTo("healthy");
        assertThat(releases.current(TARGET).map(ReleaseRecord::id)).contains("rel_1");
        assertThat(releases.record("rel_2").orElseThrow().status()).isEqualTo("rolled_back");
        assertThat(running()).isEqualTo("v1");
    }

    @Test
    void aReleaseThatNeverBecomesHealthyTimesOutAndIsNotCurrent() throws Exception {
        ReleaseFlow.Outcome o = deploy("rel_1", hangingVersion());
        assertThat(o.healthy()).isFalse();
        assertThat(o.health().timedOut()).as(o.health().evidence()).isTrue();
        assertThat(o.why()).contains("not healthy within");
        assertThat(releases.record("rel_1").orElseThrow().status()).isIn("failed", "rolled_back");
        assertThat(releases.current(TARGET)).isEmpty();
    }
}
