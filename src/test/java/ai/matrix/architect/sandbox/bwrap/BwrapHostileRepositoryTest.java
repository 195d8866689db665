package ai.matrix.architect.sandbox.bwrap;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.sandbox.HostileRepositoryTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "architect.sandbox=bwrap")
class BwrapHostileRepositoryTest extends HostileRepositoryTest {
    @Override
    protected void assertNothingLeftRunning() throws Exception {
        assertThat(provider.require().name()).isEqualTo("bwrap");
        Path runs = Path.of("/sys/fs/cgroup/pids/matrix-architect");
        if (!Files.isDirectory(runs)) return;
        // groups that worker processes killed by earlier tests (the chaos suite) left are the sweep's to remove
        // (CgroupV1Test); this server's own runs must leave none, however young
        CgroupV1.lastSweepForTests(0);
        CgroupV1.sweepAbandoned(CgroupV1.ABANDONED_AFTER);
        try (Stream<Path> list = Files.list(runs)) {
            assertThat(list.filter(Files::isDirectory).toList())
                    .as("sandbox cgroups left")
                    .isEmpty();
        }
    }
}
