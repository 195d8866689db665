package ai.matrix.architect.gate;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The gate contract on the embedded H2 database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClock.class)
class GateApprovalsH2Test extends GateApprovalsContract {
    static final Path ROOT = tempDir();
    static final FakeEndpoint ENDPOINT = new FakeEndpoint(1);

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws IOException {
        common(r, ROOT, ENDPOINT);
    }

    @AfterAll
    static void stop() {
        ENDPOINT.close();
    }

    @Override
    Path root() {
        return ROOT;
    }

    @Override
    FakeEndpoint endpoint() {
        return ENDPOINT;
    }
}
