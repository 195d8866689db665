package ai.matrix.architect.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputCapTest {
    @Test
    void linesOfTwoStreamsAreNeverGluedAndTheCapIsVisible() {
        List<String> lines = new ArrayList<>();
        OutputCap cap = new OutputCap(40, lines::add);
        feed(cap, "partial stdout");
        cap.breakLine(); // stderr begins
        feed(cap, "an error\r\n");
        feed(cap, "x".repeat(30));
        cap.finish();
        assertThat(lines)
                .containsExactly(
                        "partial stdout",
                        "an error",
                        "x".repeat(16),
                        "[matrix-architect] output truncated after 40 bytes; the rest was dropped");
        assertThat(cap.truncated()).isTrue();
        assertThat(cap.bytesSeen()).isEqualTo(14 + 10 + 30);
    }

    private static void feed(OutputCap cap, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        cap.accept(b, 0, b.length);
    }
}
