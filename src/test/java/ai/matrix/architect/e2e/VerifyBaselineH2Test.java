package ai.matrix.architect.e2e;

import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The baseline through the API, in the sandbox the server picks (docker where its engine answers). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VerifyBaselineH2Test extends VerifyBaselineContract {
    static final Path ROOT = ServerTestSupport.tempDir("architect-verify-baseline");

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.common(r, ROOT);
    }

    @Override
    Path root() {
        return ROOT;
    }
}
