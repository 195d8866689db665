package ai.matrix.architect.e2e;

import ai.matrix.architect.sandbox.docker.DockerTestEngine;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** The fixtures under docker (its default image: the host's own tools, read-only). */
@TestPropertySource(properties = "architect.sandbox=docker")
class VerifyFixturesDockerH2Test extends VerifyFixturesContract {
    static final Path ROOT = ServerTestSupport.tempDir("architect-fixtures-docker");

    @BeforeAll
    static void engine() {
        DockerTestEngine.requireEngine();
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.common(r, ROOT);
    }

    @Override
    protected Path root() {
        return ROOT;
    }

    @Override
    protected String sandbox() {
        return "docker";
    }
}
