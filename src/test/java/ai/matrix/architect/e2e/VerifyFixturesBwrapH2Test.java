package ai.matrix.architect.e2e;

import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** The fixtures under bubblewrap. */
@TestPropertySource(properties = "architect.sandbox=bwrap")
class VerifyFixturesBwrapH2Test extends VerifyFixturesContract {
    static final Path ROOT = ServerTestSupport.tempDir("architect-fixtures-bwrap");

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
        return "bwrap";
    }
}
