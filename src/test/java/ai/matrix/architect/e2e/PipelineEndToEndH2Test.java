package ai.matrix.architect.e2e;

import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The pipeline end to end on the embedded default: H2 file database, filesystem artifacts, in-process worker. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PipelineEndToEndH2Test extends PipelineEndToEndContract {
    static final Path ROOT = ServerTestSupport.tempDir("architect-h2");

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.common(r, ROOT);
    }

    @Override
    Path root() {
        return ROOT;
    }
}
