package ai.matrix.architect.e2e;

import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link WakeUpContract} on PostgreSQL, {@code serve}: one process, woken in-process. */
// a database of its own that no other test class reuses: close the context (and its pool) when done, so that
// PostgreSQL's connection limit is not spent on idle pools of finished classes
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WakeUpPostgresTest extends WakeUpContract {
    static final Path ROOT = ServerTestSupport.tempDir("architect-wake-pg");
    static final String URL = TestDatabases.createPostgres();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.common(r, ROOT);
        pollHourly(r);
        r.add("spring.datasource.url", () -> URL);
        r.add("spring.datasource.username", () -> TestDatabases.USER);
        r.add("spring.datasource.password", () -> "");
    }

    @Override
    Path root() {
        return ROOT;
    }
}
