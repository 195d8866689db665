package ai.matrix.architect.job;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectMapper;

/**
 * Job and stage status changes, appended in the transaction that makes them, so that every API process
 * (not only the worker that made the change) can stream them to clients.
 */
@Repository
public class JobEvents {
    private final JdbcClient jdbc;
    private final Clock clock;
    private final ObjectMapper json;
    private final List<JobTransitionListener> listeners;

    public JobEvents(JdbcClient jdbc, ObjectMapper json, List<JobTransitionListener> listeners, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.json = json;
        this.listeners = List.copyOf(listeners);
    }

    public record Event(long id, String jobId, Instant at, String type, String data) {}

    public void jobChanged(String jobId, JobStatus status, StageName stage, StageStatus stageStatus) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("job_id", jobId);
        data.put("status", status.wire());
        data.put("stage", stage == null ? null : stage.name());
        data.put("stage_status", stageStatus == null ? null : stageStatus.wire());
        append(jobId, "job", data);
        for (JobTransitionListener l : listeners) l.jobChanged(jobId, status, stage, stageStatus);
    }

    public void append(String jobId, String type, Map<String, Object> data) {
        jdbc.sql("insert into job_events (job_id, at, type, data) values (?, ?, ?, ?)")
                .params(jobId, JobStore.ts(clock.instant()), type, json.writeValueAsString(data))
                .update();
    }

    public long lastId() {
        return jdbc.sql("select coalesce(max(id), 0) from job_events")
                .query(Long.class)
                .single();
    }

    public List<Event> after(long id, int limit) {
        return jdbc.sql("select * from job_events where id > ? order by id limit ?")
                .params(id, limit)
                .query((rs, n) -> new Event(
                        rs.getLong("id"),
                        rs.getString("job_id"),
                        JobStore.instant(rs, "at"),
                        rs.getString("type"),
                        rs.getString("data")))
                .list();
    }
}
