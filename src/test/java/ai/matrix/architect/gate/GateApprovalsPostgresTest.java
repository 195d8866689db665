package ai.matrix.architect.gate;

import ai.matrix.architect.e2e.TestDatabases;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The gate contract on PostgreSQL (127.0.0.1:5432, trust auth), in a fresh database of its own. */
// a database of its own that no other test class reuses: close the context (and its pool) when done, so that
// PostgreSQL's connection limit is not spent on idle pools of finished classes
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClock.class)
class GateApprovalsPostgresTest extends GateApprovalsContract {
    static final Path ROOT = tempDir();
    static final FakeEndpoint ENDPOINT = new FakeEndpoint(1);
    static final String URL = TestDatabases.createPostgres();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws IOException {
        common(r, ROOT, ENDPOINT);
        r.add("spring.datasource.url", () -> URL);
        r.add("spring.datasource.username", () -> TestDatabases.USER);
        r.add("spring.datasource.password", () -> "");
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
