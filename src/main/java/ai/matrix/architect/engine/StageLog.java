package ai.matrix.architect.engine;

import ai.matrix.architect.job.JobLogs;
import ai.matrix.architect.job.StageName;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one stage run: lines go to the job log in the database (batched, so that a chatty build does not
 * cost a round trip per line) and are kept for the stage's log artifact.
 */
public class StageLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StageLog.class);
    private static final int BATCH = 200;
    private static final long FLUSH_MILLIS = 300;
    /** Lines kept in the database per stage run; the artifact keeps everything the sandbox let through. */
    private static final int MAX_DB_LINES = 50_000;

    private final JobLogs logs;
    private final String jobId;
    private final StageName stage;
    private final List<String> pending = new ArrayList<>();
    private final StringBuilder all = new StringBuilder();
    private long lastFlush = System.currentTimeMillis();
    private int written;

    public StageLog(JobLogs logs, String jobId, StageName stage) {
        this.logs = logs;
        this.jobId = jobId;
        this.stage = stage;
    }

    public synchronized void line(String text) {
        all.append(text).append('\n');
        if (written + pending.size() < MAX_DB_LINES) {
            pending.add(text);
        } else if (written + pending.size() == MAX_DB_LINES) {
            pending.add("[matrix-architect] further lines are in the stage's log artifact only");
        }
        if (pending.size() >= BATCH || System.currentTimeMillis() - lastFlush > FLUSH_MILLIS) flush();
    }

    public synchronized void flush() {
        if (pending.isEmpty()) return;
        try {
            logs.append(jobId, stage, pending);
            written += pending.size();
        } catch (RuntimeException e) {
            log.warn("could not write {} log lines of {} {}: {}", pending.size(), jobId, stage, e.getMessage());
        }
        pending.clear();
        lastFlush = System.currentTimeMillis();
    }

    public synchronized String text() {
        return all.toString();
    }

    @Override
    public void close() {
        flush();
    }
}
