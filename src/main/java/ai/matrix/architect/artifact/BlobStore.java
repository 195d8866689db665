package ai.matrix.architect.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;

/** Where artifact bytes live; the metadata is in the database. Adapters: filesystem (default). */
public interface BlobStore {
    /** Stores the bytes of the file under the key, replacing what was there. */
    void put(String key, Path file) throws IOException;

    InputStream open(String key) throws IOException;

    boolean exists(String key);

    /** Removes the bytes under the key; nothing happens when there are none. */
    void delete(String key) throws IOException;

    /**
     * Removes what unfinished uploads left behind (a worker killed while storing), older than {@code before};
     * how many were removed.
     */
    default int sweepUnfinished(Instant before) throws IOException {
        return 0;
    }
}
