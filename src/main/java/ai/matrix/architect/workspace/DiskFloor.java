package ai.matrix.architect.workspace;

import ai.matrix.architect.config.ArchitectProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * The free-disk floor: below it no new job is accepted and no workspace is cloned or rebuilt, so that a full disk
 * ends a stage with a sentence instead of a half-written repository or database.
 */
@Component
public class DiskFloor {
    /** How much space the file system holding a directory has left for us. */
    @FunctionalInterface
    public interface FreeSpace {
        long usableBytes(Path dir) throws IOException;
    }

    /** The file system's own answer, for the nearest directory that exists. */
    public static final FreeSpace FILE_STORE =
            dir -> Files.getFileStore(nearestExisting(dir)).getUsableSpace();

    /** No floor: for tools and tests that build workspaces directly. */
    public static final DiskFloor NONE = new DiskFloor(0, dir -> Long.MAX_VALUE, List.of());

    private final long floorBytes;
    private final FreeSpace probe;
    private final List<Path> dataDirs;

    @Autowired
    public DiskFloor(@Value("${architect.housekeeping.min-free-disk:1GB}") DataSize floor, ArchitectProperties props) {
        this(floor.toBytes(), FILE_STORE, List.of(props.dataDir(), props.workspaces(), props.artifacts()));
    }

    /** @param dataDirs where a new job will write: checked by {@link #requireForNewJob()} */
    public DiskFloor(long floorBytes, FreeSpace probe, List<Path> dataDirs) {
        if (floorBytes < 0)
            throw new IllegalArgumentException(
                    "ARCHITECT_HOUSEKEEPING_MIN_FREE_DISK (architect.housekeeping.min-free-disk) must not be negative");
        this.floorBytes = floorBytes;
        this.probe = probe;
        this.dataDirs = List.copyOf(dataDirs);
    }

    /** Throws when any directory a new job writes to (database, workspaces, artifacts) is below the floor. */
    public void requireForNewJob() {
        dataDirs.forEach(this::require);
    }

    public long floorBytes() {
        return floorBytes;
    }

    public long freeBytes(Path dir) {
        try {
            return probe.usableBytes(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tell the free space under " + dir, e);
        }
    }

    /** Throws when the disk holding {@code dir} has less free space than the floor. */
    public void require(Path dir) {
        if (floorBytes == 0) return;
        long free = freeBytes(dir);
        if (free < floorBytes) {
            throw new DiskFloorException("only " + human(free) + " of disk is free under " + dir
                    + ", below the floor of " + human(floorBytes)
                    + " (ARCHITECT_HOUSEKEEPING_MIN_FREE_DISK); free some space or lower the floor");
        }
    }

    private static Path nearestExisting(Path dir) {
        Path p = dir.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p)) p = p.getParent();
        return p == null ? Path.of("/") : p;
    }

    public static String human(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
