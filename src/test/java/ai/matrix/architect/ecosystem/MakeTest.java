package ai.matrix.architect.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MakeTest {
    private final Make make = new Make();

    @TempDir
    Path dir;

    @Test
    void aMakefileIsTheProfileOnlyWhenNothingElseIs() throws Exception {
        Files.writeString(dir.resolve("Makefile"), "all:\n\techo hi\ncheck:\n\ttrue\n");
        assertThat(make.detect(dir)).isTrue();
        assertThat(Ecosystems.detect(dir)).containsExactly("make");
        assertThat(make.checks(dir)).extracting(Check::command).containsExactly("make check");
        Files.writeString(dir.resolve("Makefile"), "test:\n\ttrue\ncheck:\n\ttrue\n");
        assertThat(make.checks(dir)).extracting(Check::command).containsExactly("make test");
        Files.writeString(dir.resolve("Makefile"), "all:\n\ttrue\n");
        assertThat(make.checks(dir)).extracting(Check::command).containsExactly("make");
        Files.writeString(dir.resolve("go.mod"), "module x\n");
        assertThat(Ecosystems.detect(dir)).containsExactly("go");
    }
}
