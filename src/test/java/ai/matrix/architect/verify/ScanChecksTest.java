package ai.matrix.architect.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanChecksTest {
    @TempDir
    Path dir;

    @Test
    void anNpmProjectWithALockfileEndsWithAnAuditThatGoesOutLikeAFetch() throws Exception {
        Files.writeString(dir.resolve("package.json"), "{\"dependencies\": {\"minimist\": \"0.0.8\"}}");
        assertThat(Profiles.checks("npm", dir)).extracting(Check::kind).doesNotContain("scan");

        Files.writeString(dir.resolve("package-lock.json"), "{\"lockfileVersion\": 3, \"packages\": {}}");
        Check scan = Profiles.checks("npm", dir).getLast();
        assertThat(scan.name()).isEqualTo("npm-scan");
        assertThat(scan.kind()).isEqualTo("scan");
        assertThat(scan.usesRegistry()).isTrue();
        assertThat(scan.fetch()).isFalse();
        assertThat(scan.command())
                .contains("npm audit --json --package-lock-only")
                .contains(
                        "> .matrix-architect/reports/npm-audit.json; test -s .matrix-architect/reports/npm-audit.json");
        assertThat(Profiles.checks("npm", dir).get(0).usesRegistry()).isTrue();
        assertThat(Profiles.checks("npm", dir).get(1).usesRegistry()).isFalse();
    }

    @Test
    void aPythonProjectIsAuditedWhenPipAuditIsInstalled() throws Exception {
        Files.writeString(dir.resolve("requirements.txt"), "requests==2.31.0\n");
        boolean audited =
                Profiles.checks("python", dir).stream().anyMatch(c -> c.name().equals("python-scan"));
        assertThat(audited).isEqualTo(Profiles.tool("pip-audit"));
        Files.delete(dir.resolve("requirements.txt"));
        Files.writeString(dir.resolve("pyproject.toml"), "[project]\nname = \"x\"\n");
        assertThat(Profiles.checks("python", dir)).extracting(Check::kind).doesNotContain("scan");
    }
}
