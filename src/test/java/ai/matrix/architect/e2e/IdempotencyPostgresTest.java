package ai.matrix.architect.e2e;

import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdempotencyPostgresTest extends IdempotencyContract {
    static final Path ROOT = ServerTestSupport.tempDir("architect-idem-pg");
    static final String URL = TestDatabases.createPostgres();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.common(r, ROOT);
        r.add("spring.datasource.url", () -> URL);
        r.add("spring.datasource.username", () -> TestDatabases.USER);
        r.add("spring.datasource.password", () -> "");
    }

    @Override
    Path root() {
        return ROOT;
    }
}
