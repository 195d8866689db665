package ai.matrix.architect.job;

import ai.matrix.architect.secret.Redactor;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The job log: lines per stage, in order, readable while the stage still runs. */
@Repository
public class JobLogs {
    private static final int ROWS_PER_INSERT = 100;

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

    /** A line as the stage wrote it, with the time it was written (not the time it was saved). */
    public record Entry(Instant at, String text) {}

    /** The time a line written now carries. */
    public Instant now() {
        return clock.instant();
    }

    /** Saves the lines in order, up to {@value #ROWS_PER_INSERT} to a statement. */
    public void append(String jobId, StageName stage, List<Entry> lines) {
        for (int from = 0; from < lines.size(); from += ROWS_PER_INSERT) {
            List<Entry> chunk = lines.subList(from, Math.min(lines.size(), from + ROWS_PER_INSERT));
            List<Object> params = new ArrayList<>(chunk.size() * 4);
            for (Entry line : chunk) {
                params.add(jobId);
                params.add(stage.name());
                params.add(JobStore.ts(line.at()));
                params.add(redactor.redact(line.text()));
            }
            jdbc.sql("insert into job_logs (job_id, stage, at, line) values "
                            + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?)")))
                    .params(params)
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
