package ai.matrix.architect.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.e2e.TestDatabases;
import com.github.kagkarlsson.scheduler.Scheduler;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sending side on the machine's PostgreSQL: a queued stage notifies other processes once its transaction
 * commits, never when it rolls back, and registers one after-commit wake-up however many stages it queues.
 */
class QueueWakeUpPostgresTest {
    static final String URL = TestDatabases.createPostgres();
    static final String MARKER = "marker";

    final DriverManagerDataSource dataSource = new DriverManagerDataSource(URL, TestDatabases.USER, "");
    final TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    final QueueWakeUp wakeUp = new QueueWakeUp(
            new DefaultListableBeanFactory().getBeanProvider(Scheduler.class),
            JdbcClient.create(dataSource),
            true,
            true);
    Connection listening;

    @BeforeEach
    void listen() throws SQLException {
        listening = DriverManager.getConnection(URL, TestDatabases.USER, "");
        listening.createStatement().execute("LISTEN " + QueueWakeUp.CHANNEL);
    }

    @AfterEach
    void close() throws SQLException {
        listening.close();
    }

    /** Every notification up to the marker this sends last: notifications arrive in commit order. */
    List<String> receivedBeforeMarker() throws SQLException {
        JdbcClient.create(dataSource)
                .sql("select pg_notify(?, ?)")
                .params(QueueWakeUp.CHANNEL, MARKER)
                .query()
                .singleRow();
        List<String> payloads = new ArrayList<>();
        while (true) {
            PGNotification[] received = listening.unwrap(PGConnection.class).getNotifications(30_000);
            if (received == null) throw new AssertionError("no marker within 30 s");
            for (PGNotification n : received) {
                if (n.getParameter().equals(MARKER)) return payloads;
                payloads.add(n.getParameter());
            }
        }
    }

    @Test
    void aCommittedTransactionNotifiesOnceAndRegistersOneWakeUp() throws Exception {
        tx.executeWithoutResult(status -> {
            wakeUp.stageQueued();
            wakeUp.stageQueued();
            assertThat(TransactionSynchronizationManager.getSynchronizations())
                    .filteredOn(QueueWakeUp.WakeAfterCommit.class::isInstance)
                    .hasSize(1);
        });

        assertThat(receivedBeforeMarker()).containsExactly(wakeUp.origin());
    }

    @Test
    void aRolledBackTransactionNotifiesNobody() throws Exception {
        tx.executeWithoutResult(status -> {
            wakeUp.stageQueued();
            status.setRollbackOnly();
        });

        assertThat(receivedBeforeMarker()).isEmpty();
    }

    @Test
    void outsideATransactionItNotifiesAtOnce() throws Exception {
        wakeUp.stageQueued();

        assertThat(receivedBeforeMarker()).containsExactly(wakeUp.origin());
    }
}
