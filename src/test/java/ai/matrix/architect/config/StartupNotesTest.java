package ai.matrix.architect.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

/** REDIS_URL of the original product is accepted and ignored, with one start-up line saying why. */
@ExtendWith(OutputCaptureExtension.class)
class StartupNotesTest {
    @Test
    void redisUrlIsIgnoredWithOneLineThatDoesNotPrintIt(CapturedOutput output) {
        new StartupNotes(new MockEnvironment().withProperty("REDIS_URL", "redis://:hunter22@cache:6379/0"));
        assertThat(output.getAll())
                .containsOnlyOnce("REDIS_URL is set and ignored: the job queue lives in the database")
                .doesNotContain("hunter22");
    }

    @Test
    void withoutRedisUrlNothingIsSaid(CapturedOutput output) {
        new StartupNotes(new MockEnvironment());
        assertThat(output.getAll()).doesNotContain("REDIS_URL");
    }
}
