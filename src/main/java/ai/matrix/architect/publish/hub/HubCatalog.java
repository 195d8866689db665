package ai.matrix.architect.publish.hub;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The Hub-format manifests of published jobs, and which Hubs know the index (stored, so registering is once). */
@Repository
public class HubCatalog {
    private final JdbcClient jdbc;
    private final Clock clock;

    HubCatalog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One entry: the job and its manifest (JSON). */
    public record Entry(String jobId, String manifestId, String manifest) {}

    /** Keeps the job's manifest, replacing an earlier one of the same job (a PUBLISH run again). */
    public void put(String jobId, String manifestId, String manifest) {
        jdbc.sql("delete from hub_entries where job_id = ?").param(jobId).update();
        jdbc.sql("insert into hub_entries (job_id, manifest_id, manifest, published_at) values (?, ?, ?, ?)")
                .params(jobId, manifestId, manifest, clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }

    public List<Entry> entries() {
        return jdbc.sql("select job_id, manifest_id, manifest from hub_entries order by published_at, job_id")
                .query((rs, n) -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    public Optional<Entry> entry(String jobId) {
        return jdbc.sql("select job_id, manifest_id, manifest from hub_entries where job_id = ?")
                .param(jobId)
                .query((rs, n) -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3)))
                .optional();
    }

    boolean registered(String hubUrl, String indexUrl) {
        return jdbc.sql("select count(*) from hub_registrations where hub_url = ? and index_url = ?")
                        .params(hubUrl, indexUrl)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    void markRegistered(String hubUrl, String indexUrl) {
        jdbc.sql("insert into hub_registrations (hub_url, index_url, registered_at) values (?, ?, ?)")
                .params(hubUrl, indexUrl, clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }
}
