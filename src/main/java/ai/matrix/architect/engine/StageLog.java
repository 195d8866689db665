package ai.matrix.architect.engine;

import ai.matrix.architect.job.JobLogs;
import ai.matrix.architect.job.StageName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one stage run: lines go to the job log in the database and are kept for the stage's log artifact.
 * Each line carries the time it was written. Lines are saved in batches (a chatty build does not cost a round
 * trip per line), but never later than {@link #FLUSH_EVERY} after they were written, also when the stage is
 * quiet: a worker killed mid-stage loses at most that much of its output.
 */
public class StageLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StageLog.class);
    private static final int BATCH = 200;
    static final Duration FLUSH_EVERY = Duration.ofMillis(200);
    /** Lines kept in the database per stage run; the artifact keeps everything the sandbox let through. */
    private static final int MAX_DB_LINES = 50_000;
    /** Lines held while the database cannot take them; beyond this the oldest unsaved ones are dropped. */
    private static final int MAX_UNSAVED = 10_000;

    private final JobLogs logs;
    private final String jobId;
    private final StageName stage;
    private final List<JobLogs.Entry> pending = new ArrayList<>();
    private final StringBuilder all = new StringBuilder();
    /** Serialises saving, so that batches reach the database in the order they were written. */
    private final Object saving = new Object();

    private volatile boolean closed;
    private int accepted;

    public StageLog(JobLogs logs, String jobId, StageName stage) {
        this.logs = logs;
        this.jobId = jobId;
        this.stage = stage;
        Thread.ofVirtual().name("stage-log-" + jobId + "-" + stage).start(this::flushPeriodically);
    }

    public void line(String text) {
        boolean full;
        synchronized (this) {
            all.append(text).append('\n');
            if (accepted < MAX_DB_LINES) {
                pending.add(new JobLogs.Entry(logs.now(), text));
            } else if (accepted == MAX_DB_LINES) {
                pending.add(new JobLogs.Entry(
                        logs.now(), "[matrix-architect] further lines are in the stage's log artifact only"));
            }
            accepted++;
            full = pending.size() >= BATCH;
        }
        if (full) flush();
    }

    /** Saves every line written so far; a batch the database refuses is kept for the next flush. */
    public void flush() {
        synchronized (saving) {
            List<JobLogs.Entry> batch;
            synchronized (this) {
                if (pending.isEmpty()) return;
                batch = List.copyOf(pending);
                pending.clear();
            }
            try {
                logs.append(jobId, stage, batch);
            } catch (RuntimeException e) {
                log.warn("could not write {} log lines of {} {}: {}", batch.size(), jobId, stage, e.getMessage());
                synchronized (this) {
                    pending.addAll(0, batch);
                    if (pending.size() > MAX_UNSAVED)
                        pending.subList(0, pending.size() - MAX_UNSAVED).clear();
                }
            }
        }
    }

    private void flushPeriodically() {
        while (!closed) {
            try {
                Thread.sleep(FLUSH_EVERY);
                flush();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("log flush of {} {} failed: {}", jobId, stage, e.getMessage());
            }
        }
    }

    public synchronized String text() {
        return all.toString();
    }

    @Override
    public void close() {
        // not interrupted: an interrupt could land in the middle of its database call; it ends after its sleep
        closed = true;
        flush();
    }
}
