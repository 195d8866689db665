package ai.matrix.architect.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradleTest {
    private final Gradle gradle = new Gradle();

    @TempDir
    Path dir;

    @Test
    void aKotlinBuildIsGradleAndItsWrapperIsPreferred() throws Exception {
        assertThat(gradle.detect(dir)).isFalse();
        Files.writeString(dir.resolve("build.gradle.kts"), "plugins { java }");
        assertThat(gradle.detect(dir)).isTrue();
        assertThat(gradle.checks(dir).get(0).command()).contains("gradle --no-daemon --console=plain dependencies");
        Files.writeString(dir.resolve("gradlew"), "#!/bin/sh\n");
        assertThat(gradle.checks(dir)).extracting(Check::name).containsExactly("gradle-fetch", "gradle-test");
        assertThat(gradle.checks(dir).get(1).command()).contains("sh ./gradlew").endsWith("--offline test");
        // the wrapper needs only sh, which every worker has
        assertThat(gradle.checks(dir).get(1).unavailable()).isNull();
        assertThat(gradle.registry()).isEmpty();
        assertThat(gradle.readsLockfile("gradle.lockfile")).isFalse();
    }

    @Test
    void theCiTasksRunOfflineInsteadOfTest() throws Exception {
        Files.writeString(dir.resolve("build.gradle"), "plugins { id 'java' }");
        assertThat(gradle.checks(dir, java.util.List.of("check", "-p", "lib"))
                        .get(1)
                        .command())
                .endsWith("gradle --no-daemon --console=plain --offline check -p lib");
    }
}
