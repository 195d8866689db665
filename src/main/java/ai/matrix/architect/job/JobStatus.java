package ai.matrix.architect.job;

import java.util.Locale;

/** Lifecycle of a job; see API.md for the allowed transitions. */
public enum JobStatus {
    CREATED,
    QUEUED,
    RUNNING,
    AWAITING_APPROVAL,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    REJECTED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == REJECTED;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
