package ai.matrix.architect.housekeeping;

import ai.matrix.architect.artifact.ArtifactInfo;
import ai.matrix.architect.artifact.Artifacts;
import ai.matrix.architect.job.JobStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Expires the artifacts of finished jobs by age, per project and kind (evidence longer than the rest), and prunes
 * old job events. Runs on one process of the cluster at a time (a db-scheduler recurring task); the database
 * and the artifact store are shared.
 */
@Component
class RetentionSweeper {
    private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);
    /** What proves what a job did: kept for the evidence retention. */
    static final Set<String> EVIDENCE_KINDS = Set.of("evidence", "attestation", "sbom", "scan", "patch");

    private static final int BATCH = 500;
    private static final String FINAL_STATUSES = java.util.Arrays.stream(JobStatus.values())
            .filter(JobStatus::isFinal)
            .map(s -> "'" + s.wire() + "'")
            .collect(java.util.stream.Collectors.joining(", "));

    private final JdbcClient jdbc;
    private final Artifacts artifacts;
    private final HousekeepingProperties props;
    private final Clock clock;

    RetentionSweeper(JdbcClient jdbc, Artifacts artifacts, HousekeepingProperties props, Clock clock) {
        this.jdbc = jdbc;
        this.artifacts = artifacts;
        this.props = props;
        this.clock = clock;
    }

    record Result(int artifactsRemoved, long artifactBytes, int eventsRemoved) {}

    private record Candidate(ArtifactInfo info, String project) {}

    Result sweep() {
        Instant now = clock.instant();
        Instant oldestKept = now.minus(props.shortestRetention());
        int removed = 0;
        long bytes = 0;
        String after = "";
        while (true) {
            List<Candidate> batch = candidates(oldestKept, after);
            if (batch.isEmpty()) break;
            for (Candidate c : batch) {
                boolean evidence = EVIDENCE_KINDS.contains(c.info().kind());
                Instant expiry = c.info().createdAt().plus(props.retentionOf(c.project(), evidence));
                if (expiry.isAfter(now)) continue;
                try {
                    artifacts.delete(c.info());
                    removed++;
                    bytes += c.info().size();
                } catch (RuntimeException e) {
                    log.warn(
                            "could not remove artifact {} of {}: {}",
                            c.info().name(),
                            c.info().jobId(),
                            e.getMessage());
                }
            }
            after = batch.getLast().info().id();
        }
        int events = jdbc.sql("delete from job_events where at < ?")
                .param(OffsetDateTime.ofInstant(now.minus(props.eventRetention()), ZoneOffset.UTC))
                .update();
        // Idempotency-Keys name their job for 24 hours only (ADR 0012); older rows are dead weight
        jdbc.sql("delete from idempotency_keys where created_at <= ?")
                .param(OffsetDateTime.ofInstant(
                        now.minus(ai.matrix.architect.job.IdempotencyKeys.WINDOW), ZoneOffset.UTC))
                .update();
        return new Result(removed, bytes, events);
    }

    /** Artifacts of finished jobs older than the shortest retention, in id order after {@code after}. */
    private List<Candidate> candidates(Instant olderThan, String after) {
        return jdbc.sql("select a.*, j.project from artifacts a join jobs j on j.id = a.job_id"
                        + " where j.status in (" + FINAL_STATUSES + ")"
                        + " and a.created_at < ? and a.id > ? order by a.id limit " + BATCH)
                .params(OffsetDateTime.ofInstant(olderThan, ZoneOffset.UTC), after)
                .query((rs, n) -> {
                    OffsetDateTime at = rs.getObject("created_at", OffsetDateTime.class);
                    return new Candidate(
                            new ArtifactInfo(
                                    rs.getString("id"),
                                    rs.getString("job_id"),
                                    rs.getString("name"),
                                    rs.getString("kind"),
                                    rs.getString("media_type"),
                                    rs.getLong("size"),
                                    rs.getString("sha256"),
                                    rs.getString("stage"),
                                    at.toInstant()),
                            rs.getString("project"));
                })
                .list();
    }
}
