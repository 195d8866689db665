package ai.matrix.architect.deploy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** Releases by id: the idempotency record of DEPLOY. */
@Repository
class Releases {
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    Releases(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    record Release(String id, String jobId, String target, String status, String output) {}

    Optional<Release> find(String id) {
        return jdbc.sql("select id, job_id, target, status, output from releases where id = ?")
                .param(id)
                .query((rs, n) -> new Release(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .optional();
    }

    /** The last release on the target that succeeded, other than {@code exceptId}, with its job's result commit. */
    Optional<Previous> lastSucceeded(String target, String exceptId) {
        return jdbc
                .sql("select r.id, j.result_commit from releases r join jobs j on j.id = r.job_id"
                        + " where r.target = ? and r.status = 'succeeded' and r.id <> ?"
                        + " order by r.finished_at desc, r.id desc")
                .params(target, exceptId)
                .query((rs, n) -> new Previous(rs.getString(1), rs.getString(2)))
                .stream()
                .findFirst();
    }

    record Previous(String releaseId, String commit) {}

    /**
     * Opens a new attempt of the release (creating the release on its first): resumed when the attempt before
     * it never finished, i.e. its worker died or stopped while the target was being called. One transaction: a
     * release marked running always has the attempt that marked it, even when the database goes away in between
     * (otherwise the retry would find a running release without attempts and call its first attempt a resume).
     */
    DeployOutput.Attempt start(String id, String jobId, String target, Instant at) {
        return tx.execute(status -> startInTransaction(id, jobId, target, at));
    }

    private DeployOutput.Attempt startInTransaction(String id, String jobId, String target, Instant at) {
        boolean interrupted = find(id).map(r -> r.status().equals("running")).orElse(false);
        int n = jdbc.sql("update releases set status = 'running', started_at = ?, finished_at = null where id = ?")
                .params(at.atOffset(ZoneOffset.UTC), id)
                .update();
        if (n == 0) {
            jdbc.sql("insert into releases (id, job_id, target, status, started_at) values (?, ?, ?, 'running', ?)")
                    .params(id, jobId, target, at.atOffset(ZoneOffset.UTC))
                    .update();
        }
        jdbc.sql("update release_attempts set status = 'interrupted', finished_at = ? where release_id = ?"
                        + " and status = 'running'")
                .params(at.atOffset(ZoneOffset.UTC), id)
                .update();
        int attempt = jdbc.sql("select coalesce(max(attempt), 0) + 1 from release_attempts where release_id = ?")
                .param(id)
                .query(Integer.class)
                .single();
        jdbc.sql("insert into release_attempts (release_id, attempt, resumed, status, started_at)"
                        + " values (?, ?, ?, 'running', ?)")
                .params(id, attempt, interrupted, at.atOffset(ZoneOffset.UTC))
                .update();
        return new DeployOutput.Attempt(attempt, interrupted);
    }

    /** Every attempt of the release in order: number, resumed, status (running, interrupted, or the release's). */
    List<AttemptRecord> attempts(String id) {
        return jdbc.sql("select attempt, resumed, status from release_attempts where release_id = ? order by attempt")
                .param(id)
                .query((rs, n) -> new AttemptRecord(rs.getInt(1), rs.getBoolean(2), rs.getString(3)))
                .list();
    }

    record AttemptRecord(int attempt, boolean resumed, String status) {}

    void finish(String id, String status, String output, Instant at) {
        tx.executeWithoutResult(t -> finishInTransaction(id, status, output, at));
    }

    private void finishInTransaction(String id, String status, String output, Instant at) {
        jdbc.sql("update releases set status = ?, output = ?, finished_at = ? where id = ?")
                .params(status, output, at.atOffset(ZoneOffset.UTC), id)
                .update();
        jdbc.sql("update release_attempts set status = ?, finished_at = ? where release_id = ? and status = 'running'")
                .params(status, at.atOffset(ZoneOffset.UTC), id)
                .update();
    }
}
