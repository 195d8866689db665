package ai.matrix.architect.deploy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Releases by id: the idempotency record of DEPLOY. */
@Repository
class Releases {
    private final JdbcClient jdbc;

    Releases(JdbcClient jdbc) {
        this.jdbc = jdbc;
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

    void start(String id, String jobId, String target, Instant at) {
        int n = jdbc.sql("update releases set status = 'running', started_at = ?, finished_at = null where id = ?")
                .params(at.atOffset(ZoneOffset.UTC), id)
                .update();
        if (n == 0) {
            jdbc.sql("insert into releases (id, job_id, target, status, started_at) values (?, ?, ?, 'running', ?)")
                    .params(id, jobId, target, at.atOffset(ZoneOffset.UTC))
                    .update();
        }
    }

    void finish(String id, String status, String output, Instant at) {
        jdbc.sql("update releases set status = ?, output = ?, finished_at = ? where id = ?")
                .params(status, output, at.atOffset(ZoneOffset.UTC), id)
                .update();
    }
}
