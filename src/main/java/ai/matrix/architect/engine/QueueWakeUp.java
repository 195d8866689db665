package ai.matrix.architect.engine;

import ai.matrix.architect.config.ArchitectProperties;
import com.github.kagkarlsson.scheduler.Scheduler;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Hands a queued stage to a worker the moment the transaction that queued it commits, instead of leaving it to
 * the next poll. db-scheduler's own immediate execution fires when the row is inserted, before our commit, so
 * its poll often finds nothing and sleeps a whole polling interval; waking after commit closes that race.
 *
 * <p>In this process the local scheduler is woken (when this process runs stages at all). On PostgreSQL a
 * {@code pg_notify} in the same transaction reaches the {@link QueueListener} of every other worker process;
 * PostgreSQL delivers it only on commit and drops it on rollback, exactly like the stage row. Polling stays as
 * the safety net for anything a wake-up misses.
 */
@Component
public class QueueWakeUp {
    static final String CHANNEL = "architect_queue";

    private final ObjectProvider<Scheduler> scheduler;
    private final JdbcClient jdbc;
    private final boolean runsWorker;
    private final boolean notifiesOthers;
    private final String origin = UUID.randomUUID().toString();

    @Autowired
    QueueWakeUp(
            ObjectProvider<Scheduler> scheduler,
            JdbcClient jdbc,
            ArchitectProperties props,
            DataSourceProperties dataSource) {
        this(scheduler, jdbc, props.runsWorker(), onPostgres(dataSource));
    }

    QueueWakeUp(ObjectProvider<Scheduler> scheduler, JdbcClient jdbc, boolean runsWorker, boolean notifiesOthers) {
        this.scheduler = scheduler;
        this.jdbc = jdbc;
        this.runsWorker = runsWorker;
        this.notifiesOthers = notifiesOthers;
    }

    static boolean onPostgres(DataSourceProperties dataSource) {
        return DatabaseDriver.fromJdbcUrl(dataSource.determineUrl()) == DatabaseDriver.POSTGRESQL;
    }

    /** Names this process in its notifications, so that its own listener skips what it already woke for. */
    String origin() {
        return origin;
    }

    /** A stage was just queued in the current transaction (or, outside one, committed already). */
    void stageQueued() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            notifyOthers();
            wakeLocalScheduler();
            return;
        }
        boolean registered = TransactionSynchronizationManager.getSynchronizations().stream()
                .anyMatch(WakeAfterCommit.class::isInstance);
        if (registered) return;
        notifyOthers();
        TransactionSynchronizationManager.registerSynchronization(new WakeAfterCommit(this));
    }

    /** Lets the local scheduler look for due stages now; a no-op in a process that runs none. */
    void wakeLocalScheduler() {
        if (!runsWorker) return;
        Scheduler local = scheduler.getIfAvailable();
        if (local != null) local.triggerCheckForDueExecutions();
    }

    private void notifyOthers() {
        if (!notifiesOthers) return;
        jdbc.sql("select pg_notify(?, ?)").params(CHANNEL, origin).query().singleRow();
    }

    static final class WakeAfterCommit implements TransactionSynchronization {
        private final QueueWakeUp wakeUp;

        private WakeAfterCommit(QueueWakeUp wakeUp) {
            this.wakeUp = wakeUp;
        }

        @Override
        public void afterCommit() {
            wakeUp.wakeLocalScheduler();
        }
    }
}
