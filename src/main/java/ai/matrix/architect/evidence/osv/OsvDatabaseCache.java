package ai.matrix.architect.evidence.osv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The database of one path, read again only when one of its files was added, removed or changed (size or
 * modification time): every job scans against it, and reading OSV's exports takes far longer than a scan.
 */
public final class OsvDatabaseCache {
    private record FileState(Path file, long size, long modifiedMillis) {}

    private record Loaded(Path path, List<FileState> files, OsvDatabase db) {}

    private Loaded loaded;

    /** The database at {@code path}, from memory when none of its files changed since it was read. */
    public synchronized OsvDatabase get(Path path) throws IOException {
        // taken before reading: a file replaced while it is read makes the next call read it again
        List<FileState> files = state(path);
        if (loaded != null && loaded.path().equals(path) && loaded.files().equals(files)) return loaded.db();
        loaded = null;
        OsvDatabase db = OsvDatabase.load(path);
        loaded = new Loaded(path, files, db);
        return db;
    }

    private static List<FileState> state(Path path) throws IOException {
        List<FileState> out = new ArrayList<>();
        for (Path f : OsvDatabase.files(path)) {
            out.add(new FileState(f, Files.size(f), Files.getLastModifiedTime(f).toMillis()));
        }
        return out;
    }
}
