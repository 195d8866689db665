package ai.matrix.architect.e2e;

import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdempotencyH2Test extends IdempotencyContract {
    static final Path ROOT = ServerTestSupport.tempDir("architect-idem");

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.common(r, ROOT);
    }

    @Override
    Path root() {
        return ROOT;
    }
}
