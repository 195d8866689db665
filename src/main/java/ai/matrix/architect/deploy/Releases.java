package ai.matrix.architect.deploy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Releases by id, the idempotency record of DEPLOY, and per target the release that is current (the one
 * {@code healthy} release) and its history. Every call to a target for a release is an attempt
 * ({@code release_attempts}: running, interrupted, succeeded, failed, rolled_back).
 */
@Repository
public class Releases {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String SELECT = "select r.id, r.target, r.target_type, r.environment, r.job_id, r.commit_sha,"
            + " r.status, r.deployed, r.revision, r.health, r.previous_release_id, r.started_at, r.finished_at,"
            + " r.current_since, r.manifests, r.output, j.project from releases r left join jobs j on j.id = r.job_id";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public Releases(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** The release's idempotency facts (kept for the callers that read only these). */
    public record Release(String id, String jobId, String target, String status, String output) {}

    public Optional<Release> find(String id) {
        return record(id).map(r -> new Release(r.id(), r.jobId(), r.target(), r.status(), r.output()));
    }

    public Optional<ReleaseRecord> record(String id) {
        return jdbc.sql(SELECT + " where r.id = ?")
                .param(id)
                .query(Releases::map)
                .optional();
    }

    /** The target's current release: the one that is healthy. */
    public Optional<ReleaseRecord> current(String target) {
        return jdbc
                .sql(SELECT + " where r.target = ? and r.status = 'healthy' order by r.current_since desc, r.id desc")
                .param(target)
                .query(Releases::map)
                .list() // not stream(): an unclosed stream keeps its connection
                .stream()
                .findFirst();
    }

    /** Releases newest first, of one target and/or environment when given, at most {@code limit}. */
    public List<ReleaseRecord> list(String target, String environment, int limit) {
        // the stream holds its connection until closed: a stream left open leaked one per call
        try (var rows = jdbc
                .sql(SELECT + " where (cast(? as varchar(100)) is null or r.target = ?)"
                        + " and (cast(? as varchar(100)) is null or r.environment = ?)"
                        + " order by r.started_at desc, r.id desc")
                .params(target, target, environment, environment)
                .query(Releases::map)
                .stream()) {
            return rows.limit(limit).toList();
        }
    }

    /** The last release on the target that was healthy, other than {@code exceptId}, with its commit. */
    Optional<Previous> lastSucceeded(String target, String exceptId) {
        return current(target).filter(r -> !r.id().equals(exceptId)).map(r -> new Previous(r.id(), r.commit()));
    }

    record Previous(String releaseId, String commit) {}

    /** Who a new release is, recorded when its first attempt opens. */
    record Opening(
            String id,
            String jobId,
            String target,
            String targetType,
            String environment,
            String commit,
            String previousRelease) {}

    /**
     * Opens a new attempt of the release (creating the release on its first): resumed when the attempt before
     * it never finished, i.e. its worker died or stopped while the target was being called. One transaction: a
     * release marked deploying always has the attempt that marked it, even when the database goes away in between
     * (otherwise the retry would find a deploying release without attempts and call its first attempt a resume).
     */
    DeployOutput.Attempt start(Opening o, Instant at) {
        return tx.execute(status -> startInTransaction(o, at));
    }

    /** The form the earlier callers used: a release with only its job and target. */
    DeployOutput.Attempt start(String id, String jobId, String target, Instant at) {
        return start(new Opening(id, jobId, target, null, null, null, null), at);
    }

    private DeployOutput.Attempt startInTransaction(Opening o, Instant at) {
        boolean interrupted =
                find(o.id()).map(r -> r.status().equals("deploying")).orElse(false);
        int n = jdbc.sql("update releases set status = 'deploying', started_at = ?, finished_at = null where id = ?")
                .params(utc(at), o.id())
                .update();
        if (n == 0) {
            jdbc.sql("insert into releases (id, job_id, target, target_type, environment, commit_sha,"
                            + " previous_release_id, status, started_at) values (?, ?, ?, ?, ?, ?, ?, 'deploying', ?)")
                    .params(o.id(), o.jobId(), o.target(), o.targetType(), o.environment(), o.commit())
                    .param(o.previousRelease())
                    .param(utc(at))
                    .update();
        }
        jdbc.sql("update release_attempts set status = 'interrupted', finished_at = ? where release_id = ?"
                        + " and status = 'running'")
                .params(utc(at), o.id())
                .update();
        int attempt = jdbc.sql("select coalesce(max(attempt), 0) + 1 from release_attempts where release_id = ?")
                .param(o.id())
                .query(Integer.class)
                .single();
        jdbc.sql("insert into release_attempts (release_id, attempt, resumed, status, started_at)"
                        + " values (?, ?, ?, 'running', ?)")
                .params(o.id(), attempt, interrupted, utc(at))
                .update();
        return new DeployOutput.Attempt(attempt, interrupted);
    }

    /** Every attempt of the release in order: number, resumed, status (running, interrupted, or its outcome). */
    List<AttemptRecord> attempts(String id) {
        return jdbc.sql("select attempt, resumed, status from release_attempts where release_id = ? order by attempt")
                .param(id)
                .query((rs, n) -> new AttemptRecord(rs.getInt(1), rs.getBoolean(2), rs.getString(3)))
                .list();
    }

    record AttemptRecord(int attempt, boolean resumed, String status) {}

    /** What the target says it deployed, kept before the health wait so that a later rollback can find it. */
    void deployed(String id, Deployed d) {
        jdbc.sql("update releases set deployed = ?, manifests = ?, revision = ?, output = ? where id = ?")
                .params(JSON.writeValueAsString(new TreeMap<>(d.digests())), d.manifests(), d.revision(), d.output())
                .param(id)
                .update();
    }

    /**
     * The release is the target's current one: healthy, and whatever was current before is superseded (or, when
     * {@code replacedStatus} says so, rolled back). One transaction, so a target never has two current releases.
     */
    void becomeCurrent(String id, String target, String health, String replacedStatus, Instant at) {
        tx.executeWithoutResult(t -> {
            jdbc.sql("update releases set status = ? where target = ? and status = 'healthy' and id <> ?")
                    .params(replacedStatus, target, id)
                    .update();
            jdbc.sql("update releases set status = 'healthy', health = ?, current_since = ?, finished_at ="
                            + " coalesce(finished_at, ?) where id = ?")
                    .params(health, utc(at), utc(at), id)
                    .update();
            jdbc.sql("update release_attempts set status = 'succeeded', finished_at = ? where release_id = ?"
                            + " and status = 'running'")
                    .params(utc(at), id)
                    .update();
        });
    }

    /** Records the health evidence of a release that stays as it is (the current one, checked again). */
    void health(String id, String health) {
        jdbc.sql("update releases set health = ? where id = ?")
                .params(health, id)
                .update();
    }

    /** Ends the release as {@code failed} or {@code rolled_back}, with what happened. */
    void finish(String id, String status, String health, String output, Instant at) {
        tx.executeWithoutResult(t -> {
            jdbc.sql("update releases set status = ?, health = coalesce(?, health), output = coalesce(?, output),"
                            + " finished_at = ? where id = ?")
                    .params(status, health, output, utc(at), id)
                    .update();
            jdbc.sql("update release_attempts set status = ?, finished_at = ? where release_id = ?"
                            + " and status = 'running'")
                    .params(status, utc(at), id)
                    .update();
        });
    }

    /** The earlier form: a release that ended with only its output. */
    void finish(String id, String status, String output, Instant at) {
        finish(id, status, null, output, at);
    }

    private static java.time.OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    private static ReleaseRecord map(ResultSet rs, int n) throws SQLException {
        String deployed = rs.getString(8);
        Map<String, String> digests =
                deployed == null ? Map.of() : JSON.readValue(deployed, new TypeReference<Map<String, String>>() {});
        return new ReleaseRecord(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                digests,
                rs.getString(9),
                rs.getString(10),
                rs.getString(11),
                instant(rs.getTimestamp(12)),
                instant(rs.getTimestamp(13)),
                instant(rs.getTimestamp(14)),
                rs.getString(15),
                rs.getString(16),
                rs.getString(17));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
