package ai.matrix.architect.job;

import java.util.Locale;

public enum StageStatus {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    SKIPPED;

    public boolean isDone() {
        return this == SUCCEEDED || this == SKIPPED;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
