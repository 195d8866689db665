package ai.matrix.architect.e2e;

import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link WakeUpContract} on the embedded default: H2, {@code serve}. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WakeUpH2Test extends WakeUpContract {
    static final Path ROOT = ServerTestSupport.tempDir("architect-wake-h2");

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.common(r, ROOT);
        pollHourly(r);
    }

    @Override
    Path root() {
        return ROOT;
    }
}
