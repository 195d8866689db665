package ai.matrix.architect.housekeeping;

/**
 * What one sweep removed and what it freed, with the disk's state after it.
 *
 * @param workspacesRemoved workspaces of finished jobs removed from this machine
 * @param workspaceBytes bytes those workspaces held
 * @param workspacesKept workspaces of failed jobs kept for debugging
 * @param artifactsRemoved expired artifacts removed (records and bytes)
 * @param artifactBytes bytes those artifacts held
 * @param eventsRemoved job events older than their retention
 * @param freeDiskBytes free space under the data directory after the sweep
 * @param diskFloorBytes the floor below which new jobs are refused
 */
public record HousekeepingReport(
        int workspacesRemoved,
        long workspaceBytes,
        int workspacesKept,
        int artifactsRemoved,
        long artifactBytes,
        int eventsRemoved,
        long freeDiskBytes,
        long diskFloorBytes) {

    /** Bytes freed on disk: workspaces and artifacts (events live in the database). */
    @com.fasterxml.jackson.annotation.JsonProperty("freed_bytes")
    public long freedBytes() {
        return workspaceBytes + artifactBytes;
    }
}
