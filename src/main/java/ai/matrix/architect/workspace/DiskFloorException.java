package ai.matrix.architect.workspace;

/** The disk is below the configured free-space floor; the message says how much is free and what to do. */
public class DiskFloorException extends WorkspaceException {
    public DiskFloorException(String message) {
        super(message);
    }
}
