package ai.matrix.architect.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskFloorTest {
    @TempDir
    Path tmp;

    @Test
    void aCheckoutBelowTheFloorFailsWithASentenceAndWritesNothing() throws Exception {
        Path origin = Files.createDirectories(tmp.resolve("origin"));
        Files.writeString(origin.resolve("a.txt"), "a\n");
        TestGit.git(origin, "init", "--quiet");
        TestGit.git(origin, "add", "-A");
        TestGit.git(origin, "commit", "--quiet", "-m", "a");
        AtomicLong free = new AtomicLong(10L * 1024 * 1024);
        DiskFloor floor = new DiskFloor(1024L * 1024 * 1024, dir -> free.get(), List.of(tmp));
        Workspaces workspaces = new Workspaces(tmp.resolve("workspaces"), 50, floor);
        RemoteRepo repo = new RemoteRepo("file://" + origin, null, "origin");

        assertThatThrownBy(() -> workspaces.checkout("job1", repo, null))
                .isInstanceOf(DiskFloorException.class)
                .hasMessageContaining("only 10.0 MB of disk is free under " + tmp.resolve("workspaces"))
                .hasMessageContaining("below the floor of 1.0 GB");
        assertThat(tmp.resolve("workspaces").resolve("job1")).doesNotExist();
        assertThatThrownBy(floor::requireForNewJob).isInstanceOf(DiskFloorException.class);

        free.set(2L * 1024 * 1024 * 1024);
        assertThat(workspaces.checkout("job1", repo, null).workTree().resolve("a.txt"))
                .hasContent("a");
        floor.requireForNewJob();
    }

    @Test
    void theRealProbeMeasuresTheNearestExistingDirectory() {
        DiskFloor floor = new DiskFloor(1, DiskFloor.FILE_STORE, List.of(tmp.resolve("not/yet/made")));
        assertThat(floor.freeBytes(tmp.resolve("not/yet/made"))).isPositive();
        floor.requireForNewJob();
        assertThat(DiskFloor.human(1536)).isEqualTo("1.5 KB");
        assertThat(DiskFloor.NONE.floorBytes()).isZero();
    }
}
