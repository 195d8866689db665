package ai.matrix.architect.e2e;

import ai.matrix.architect.sandbox.bwrap.BwrapSandbox;
import java.nio.file.Path;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The baseline through the API under bubblewrap. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EnabledIf("bwrapWorks")
class VerifyBaselineBwrapH2Test extends VerifyBaselineContract {
    static final Path ROOT = ServerTestSupport.tempDir("architect-verify-baseline-bwrap");

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.common(r, ROOT);
        r.add("architect.sandbox", () -> "bwrap");
    }

    static boolean bwrapWorks() {
        return BwrapSandbox.works("bwrap");
    }

    @Override
    Path root() {
        return ROOT;
    }
}
