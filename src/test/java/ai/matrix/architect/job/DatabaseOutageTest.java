package ai.matrix.architect.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

class DatabaseOutageTest {

    @Test
    void failuresToReachTheDatabaseAreOutages() {
        assertThat(DatabaseOutage.is(new CannotGetJdbcConnectionException("pool", new SQLException("x"))))
                .isTrue();
        // Hikari's pool timeout, wrapped by the transaction manager as it is in the engine's transactions
        assertThat(DatabaseOutage.is(new CannotCreateTransactionException(
                        "Could not open JDBC Connection", new SQLTransientConnectionException("timeout"))))
                .isTrue();
        assertThat(DatabaseOutage.is(new RuntimeException(new SQLException("I/O error", "08006"))))
                .isTrue();
        assertThat(DatabaseOutage.is(new SQLException("terminating connection", "57P01")))
                .isTrue();
        assertThat(DatabaseOutage.is(new SQLException("the database system is starting up", "57P03")))
                .isTrue();
        assertThat(DatabaseOutage.is(new IllegalStateException(new ConnectException("refused"))))
                .isTrue();
    }

    @Test
    void otherErrorsAreNot() {
        assertThat(DatabaseOutage.is(
                        new DataIntegrityViolationException("duplicate key", new SQLException("dup", "23505"))))
                .isFalse();
        assertThat(DatabaseOutage.is(new SQLException("syntax", "42601"))).isFalse();
        assertThat(DatabaseOutage.is(new IllegalArgumentException("no"))).isFalse();
        assertThat(DatabaseOutage.is(null)).isFalse();
    }
}
