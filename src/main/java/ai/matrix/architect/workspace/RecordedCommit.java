package ai.matrix.architect.workspace;

import java.time.Instant;

/**
 * What PATCH recorded of its commit, enough to rebuild it with the same id on any worker: the diff on top of the
 * base, the time and message it was committed with, and, when it was signed, its raw object (a signature cannot be
 * made again without the key, and another worker may not hold it).
 *
 * @param object the raw commit object, or null when the commit was not signed (it is then recommitted)
 */
public record RecordedCommit(String base, String result, String diff, Instant time, String message, String object) {
    /** PATCH changed nothing: the result is the base. */
    public static RecordedCommit unchanged(String base) {
        return new RecordedCommit(base, base, "", null, null, null);
    }

    boolean changedNothing() {
        return base.equals(result);
    }
}
