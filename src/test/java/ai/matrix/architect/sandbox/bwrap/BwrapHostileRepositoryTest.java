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
        try (Stream<Path> list = Files.list(runs)) {
            assertThat(list.filter(Files::isDirectory).toList())
                    .as("sandbox cgroups left")
                    .isEmpty();
        }
    }
}
