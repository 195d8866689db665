package ai.matrix.architect.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.matrix.architect.e2e.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGNotification;
import org.postgresql.core.Notification;

/** The worker side of LISTEN/NOTIFY against the machine's PostgreSQL, including a connection that drops. */
class QueueListenerPostgresTest {
    static final String URL = TestDatabases.createPostgres();

    final AtomicInteger notified = new AtomicInteger();
    final AtomicInteger listening = new AtomicInteger();
    final QueueListener listener = new QueueListener(
            true,
            () -> {
                var p = new java.util.Properties();
                p.setProperty("user", TestDatabases.USER);
                p.setProperty("ApplicationName", QueueListener.APPLICATION_NAME);
                return DriverManager.getConnection(URL, p);
            },
            "this-process",
            new QueueListener.Wake() {
                @Override
                public void notified() {
                    notified.incrementAndGet();
                }

                @Override
                public void listening() {
                    listening.incrementAndGet();
                }
            });

    @AfterEach
    void stop() {
        listener.stop();
    }

    static void notifyQueue(String origin) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, TestDatabases.USER, "")) {
            c.createStatement().execute("select pg_notify('" + QueueWakeUp.CHANNEL + "', '" + origin + "')");
        }
    }

    static int listenerBackends() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, TestDatabases.USER, "");
                var rs = c.createStatement()
                        .executeQuery("select count(*) from pg_stat_activity where datname = current_database()"
                                + " and application_name = '" + QueueListener.APPLICATION_NAME + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void anotherProcessesNotificationWakesTheScheduler() throws Exception {
        listener.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> listening.get() == 1);

        notifyQueue("another-process");

        await().atMost(Duration.ofSeconds(30)).until(() -> notified.get() >= 1);
    }

    @Test
    void aDroppedConnectionIsReopenedAndListensAgain() throws Exception {
        listener.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> listening.get() == 1);

        try (Connection c = DriverManager.getConnection(URL, TestDatabases.USER, "")) {
            c.createStatement()
                    .execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database()"
                            + " and application_name = '" + QueueListener.APPLICATION_NAME + "'");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> listening.get() == 2);
        int before = notified.get();
        notifyQueue("another-process");

        await().atMost(Duration.ofSeconds(30)).until(() -> notified.get() > before);
    }

    @Test
    void stoppingClosesTheConnection() throws Exception {
        listener.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> listenerBackends() == 1);

        listener.stop();

        assertThat(listener.isRunning()).isFalse();
        await().atMost(Duration.ofSeconds(30)).until(() -> listenerBackends() == 0);
    }

    @Test
    void onlyNotificationsOfOtherProcessesCount() {
        PGNotification own = new Notification(QueueWakeUp.CHANNEL, 1, "this-process");
        PGNotification other = new Notification(QueueWakeUp.CHANNEL, 2, "another-process");

        assertThat(QueueListener.fromAnotherProcess(null, "this-process")).isFalse();
        assertThat(QueueListener.fromAnotherProcess(new PGNotification[] {own}, "this-process"))
                .isFalse();
        assertThat(QueueListener.fromAnotherProcess(new PGNotification[] {own, other}, "this-process"))
                .isTrue();
    }
}
