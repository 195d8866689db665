package ai.matrix.architect.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporary artifact files that a killed worker left behind are removed at start once they are old enough to be
 * nobody's any more; fresh ones (a live worker sharing the directory), and files that only look similar, stay.
 */
class ArtifactTempSweepTest {
    @TempDir
    Path dir;

    private Path file(Path in, String name, Duration age) throws Exception {
        Files.createDirectories(in);
        Path f = Files.writeString(in.resolve(name), "x");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(age)));
        return f;
    }

    @Test
    void oldTemporaryFilesGoAndFreshOrForeignOnesStay() throws Exception {
        Path tmp = dir.resolve("tmp");
        Path oldTmp = file(tmp, "artifact123.tmp", Duration.ofHours(1));
        Path oldRedacted = file(tmp, "artifact456.redacted", Duration.ofHours(1));
        Path fresh = file(tmp, "artifact789.tmp", Duration.ofSeconds(5));
        Path foreign = file(tmp, "artifacts.tmp", Duration.ofHours(1));
        Path kept = file(tmp, "report.tmp", Duration.ofHours(1));

        int removed = TempFiles.sweep(tmp, Instant.now().minus(ArtifactTempSweep.MIN_AGE));

        assertThat(removed).isEqualTo(2);
        assertThat(oldTmp).doesNotExist();
        assertThat(oldRedacted).doesNotExist();
        assertThat(fresh).exists();
        assertThat(foreign).exists();
        assertThat(kept).exists();
    }

    @Test
    void unfinishedUploadsInTheStoreGoAndStoredArtifactsStay() throws Exception {
        Path store = dir.resolve("artifacts");
        FilesystemBlobStore blobs = new FilesystemBlobStore(store);
        Path source = file(dir, "source.txt", Duration.ZERO);
        blobs.put("job_1/verify.log", source);
        Path stored = store.resolve("job_1/verify.log");
        Files.setLastModifiedTime(stored, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path abandoned = file(store.resolve("job_1"), ".upload42.tmp", Duration.ofHours(1));
        Path uploading = file(store.resolve("job_2"), ".upload43.tmp", Duration.ofSeconds(1));

        int removed = blobs.sweepUnfinished(Instant.now().minus(ArtifactTempSweep.MIN_AGE));

        assertThat(removed).isEqualTo(1);
        assertThat(abandoned).doesNotExist();
        assertThat(uploading).exists();
        assertThat(stored).exists();
    }
}
