package ai.matrix.architect.engine;

import ai.matrix.architect.config.ArchitectProperties;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On PostgreSQL, a worker process listens on {@value QueueWakeUp#CHANNEL} over one dedicated connection (outside
 * the pool) and wakes its scheduler when another process (an {@code api} process creating a job, another worker
 * checkpointing a stage) has committed a queued stage. The connection is re-opened with backoff when it drops;
 * after every (re)connect the scheduler is woken once, for anything queued while nobody listened.
 */
@Component
class QueueListener implements SmartLifecycle {
    static final String APPLICATION_NAME = "architect-queue-listener";
    private static final Logger log = LoggerFactory.getLogger(QueueListener.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final int RECEIVE_TIMEOUT_MS = 500;

    /** What the listener does: wake for another process's notification, and wake once it listens (again). */
    interface Wake {
        void notified();

        void listening();
    }

    /** Opens the dedicated connection. */
    interface Connector {
        Connection open() throws SQLException;
    }

    private final boolean enabled;
    private final Connector connector;
    private final String ownOrigin;
    private final Wake wake;
    private volatile boolean running;
    private Thread thread;

    @Autowired
    QueueListener(QueueWakeUp wakeUp, ArchitectProperties props, DataSourceProperties dataSource) {
        this(
                props.runsWorker() && QueueWakeUp.onPostgres(dataSource),
                () -> connect(dataSource),
                wakeUp.origin(),
                new Wake() {
                    @Override
                    public void notified() {
                        wakeUp.wakeLocalScheduler();
                    }

                    @Override
                    public void listening() {
                        wakeUp.wakeLocalScheduler();
                    }
                });
    }

    QueueListener(boolean enabled, Connector connector, String ownOrigin, Wake wake) {
        this.enabled = enabled;
        this.connector = connector;
        this.ownOrigin = ownOrigin;
        this.wake = wake;
    }

    private static Connection connect(DataSourceProperties dataSource) throws SQLException {
        Properties p = new Properties();
        String user = dataSource.determineUsername();
        String password = dataSource.determinePassword();
        if (user != null) p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        p.setProperty("ApplicationName", APPLICATION_NAME);
        p.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(dataSource.determineUrl(), p);
    }

    @Override
    public synchronized void start() {
        if (!enabled || running) return;
        running = true;
        thread = Thread.ofPlatform().name("queue-listener").daemon().start(this::listenUntilStopped);
    }

    @Override
    public void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        if (t == null) return;
        t.interrupt();
        try {
            t.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listenUntilStopped() {
        Duration backoff = FIRST_BACKOFF;
        while (running) {
            try (Connection c = connector.open()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + QueueWakeUp.CHANNEL);
                }
                if (backoff != FIRST_BACKOFF) log.info("listening for queued stages again");
                backoff = FIRST_BACKOFF;
                wake.listening();
                receive(c.unwrap(PGConnection.class));
            } catch (SQLException | RuntimeException e) {
                if (!running) return;
                log.warn(
                        "lost the queue notification connection ({}); polling covers until it is back, retry in {} ms",
                        e.getMessage(),
                        backoff.toMillis());
                if (!sleep(backoff)) return;
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void receive(PGConnection connection) throws SQLException {
        while (running) {
            PGNotification[] received = connection.getNotifications(RECEIVE_TIMEOUT_MS);
            if (fromAnotherProcess(received, ownOrigin)) wake.notified();
        }
    }

    /** This process already woke its scheduler for its own notifications; only others' matter here. */
    static boolean fromAnotherProcess(PGNotification[] received, String ownOrigin) {
        if (received == null) return false;
        for (PGNotification n : received) {
            if (!ownOrigin.equals(n.getParameter())) return true;
        }
        return false;
    }

    private boolean sleep(Duration d) {
        try {
            Thread.sleep(d);
            return running;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
