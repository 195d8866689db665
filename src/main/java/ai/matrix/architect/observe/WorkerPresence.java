package ai.matrix.architect.observe;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.engine.PipelineEngine;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Each process that runs stages says every 15 s that it is alive, so that any API process can count the
 * workers online. A worker that stops saying so drops out of the count after a minute.
 */
@Component
public class WorkerPresence {
    private static final Logger log = LoggerFactory.getLogger(WorkerPresence.class);
    private final JdbcClient jdbc;
    private final Clock clock;
    private final ArchitectProperties props;
    private final String name;
    private final Instant startedAt;

    WorkerPresence(JdbcClient jdbc, ArchitectProperties props, PipelineEngine engine, Clock clock) {
        this.clock = clock;
        this.startedAt = clock.instant();
        this.jdbc = jdbc;
        this.props = props;
        this.name = engine.workerName();
    }

    @Scheduled(initialDelay = 0, fixedDelay = 15_000)
    void heartbeat() {
        if (!props.runsWorker()) return;
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        try {
            int updated = jdbc.sql("update workers set last_seen = ?, mode = ? where name = ?")
                    .params(now, props.mode(), name)
                    .update();
            if (updated == 0) {
                jdbc.sql("insert into workers (name, mode, started_at, last_seen) values (?, ?, ?, ?)")
                        .params(name, props.mode(), startedAt.atOffset(ZoneOffset.UTC), now)
                        .update();
            }
        } catch (DuplicateKeyException raced) {
            // another thread of this process inserted first; the next beat updates
        } catch (RuntimeException e) {
            log.warn("could not record this worker's presence: {}", e.getMessage());
        }
    }

    /** Workers seen in the last minute. */
    public int online() {
        var since = clock.instant().minusSeconds(60).atOffset(ZoneOffset.UTC);
        return jdbc.sql("select count(*) from workers where last_seen >= ?")
                .param(since)
                .query(Integer.class)
                .single();
    }
}
