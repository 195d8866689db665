package ai.matrix.architect.job;

import ai.matrix.architect.secret.Redactor;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The job log: lines per stage, in order, readable while the stage still runs. */
@Repository
public class JobLogs {
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Redactor redactor;

    /** Lines are stored with every secret value this process handed out masked. */
    public JobLogs(JdbcClient jdbc, Redactor redactor, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.redactor = redactor;
    }

    public record Line(long id, StageName stage, Instant at, String text) {}

    public void append(String jobId, StageName stage, List<String> lines) {
        if (lines.isEmpty()) return;
        Instant now = clock.instant();
        for (String line : lines) {
            jdbc.sql("insert into job_logs (job_id, stage, at, line) values (?, ?, ?, ?)")
                    .params(jobId, stage.name(), JobStore.ts(now), redactor.redact(line))
                    .update();
        }
    }

    public List<Line> read(String jobId, StageName stage, long afterId, int limit) {
        String sql = "select * from job_logs where job_id = ? and id > ?"
                + (stage == null ? "" : " and stage = ?")
                + " order by id limit ?";
        var spec = jdbc.sql(sql).param(jobId).param(afterId);
        if (stage != null) spec = spec.param(stage.name());
        return spec.param(limit)
                .query((rs, n) -> new Line(
                        rs.getLong("id"),
                        StageName.valueOf(rs.getString("stage")),
                        JobStore.instant(rs, "at"),
                        rs.getString("line")))
                .list();
    }
}
