package ai.matrix.architect.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {
    @TempDir
    Path data;

    @Test
    void filesAreOwnerOnlyNamedByTheirVariablesAndGoneWhenClosed() throws Exception {
        Path dir;
        try (SecretFiles files = SecretFiles.write(Map.of("DB_PASSWORD", "pw"), false, data)) {
            dir = files.dir();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                    .isEqualTo("rwx------");
            Path file = dir.resolve("DB_PASSWORD");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("r--------");
            // not mounted (the unisolated sandbox): the variable names the host file
            assertThat(files.env()).containsEntry("DB_PASSWORD_FILE", file.toString());
            assertThat(files.mounted()).isFalse();
        }
        assertThat(dir).doesNotExist();
        assertThat(SecretFiles.write(Map.of(), true, data).dir()).isNull();
    }

    @Test
    void aSweepRemovesWhatACrashLeftAndKeepsRunningRuns() throws Exception {
        SecretFiles old = SecretFiles.write(Map.of("A", "1"), true, data);
        SecretFiles current = SecretFiles.write(Map.of("B", "2"), true, data);
        Files.setLastModifiedTime(old.dir(), FileTime.from(Instant.now().minus(Duration.ofHours(3))));

        assertThat(SecretFiles.sweep(Duration.ofHours(1), data)).isGreaterThanOrEqualTo(1);

        assertThat(old.dir()).doesNotExist();
        assertThat(current.dir().resolve("B")).hasContent("2");
        current.close();
    }
}
