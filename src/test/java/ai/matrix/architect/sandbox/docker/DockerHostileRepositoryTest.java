package ai.matrix.architect.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.sandbox.HostileRepositoryTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "architect.sandbox=docker")
class DockerHostileRepositoryTest extends HostileRepositoryTest {
    @BeforeAll
    static void engine() {
        DockerTestEngine.requireEngine();
    }

    @Override
    protected void assertNothingLeftRunning() throws Exception {
        DockerSandbox docker = (DockerSandbox) provider.require();
        try (var client =
                DockerEngine.connect(DockerSandboxProperties.defaults().host())) {
            assertThat(client.listContainersCmd()
                            .withShowAll(true)
                            .withLabelFilter(Map.of(DockerSandbox.LABEL_OWNER, docker.owner()))
                            .exec())
                    .isEmpty();
        }
    }
}
