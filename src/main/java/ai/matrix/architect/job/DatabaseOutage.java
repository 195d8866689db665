package ai.matrix.architect.job;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * Tells a failure to reach the database (down, restarting, the pool timing out while it is) from any other data
 * access error. An outage is worth waiting for: the API answers 503 with Retry-After, workers retry their
 * checkpoint writes; every other error is a fault in the request or in the server.
 */
public final class DatabaseOutage {
    /** Seconds a client is asked to wait before trying again. */
    public static final int RETRY_AFTER_SECONDS = 5;

    /** PostgreSQL's admin_shutdown, crash_shutdown and cannot_connect_now. */
    private static final Set<String> SHUTDOWN_STATES = Set.of("57P01", "57P02", "57P03");

    private DatabaseOutage() {}

    /** Whether {@code e}, or anything that caused it, says the database cannot be reached right now. */
    public static boolean is(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof CannotGetJdbcConnectionException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLRecoverableException
                    || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && connectionState(sql.getSQLState())) return true;
        }
        return false;
    }

    /** SQLState class 08 is "connection exception" in the SQL standard; the 57P0x states are PostgreSQL's. */
    private static boolean connectionState(String state) {
        return state != null && (state.startsWith("08") || SHUTDOWN_STATES.contains(state));
    }
}
