package ai.matrix.architect.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EcosystemsTest {
    @TempDir
    Path dir;

    @Test
    void detectsEveryEcosystemAtTheRootInAFixedOrder() throws Exception {
        for (String f : List.of("go.mod", "package.json", "pom.xml", "requirements.txt", "Cargo.toml", "Makefile")) {
            Files.writeString(dir.resolve(f), "{}");
        }
        assertThat(Ecosystems.detect(dir)).containsExactly("maven", "npm", "python", "go", "cargo");
        Files.delete(dir.resolve("go.mod"));
        assertThat(Ecosystems.checks("npm", dir)).extracting(Check::name).containsExactly("npm-test");
        assertThat(Ecosystems.checks("python", dir))
                .extracting(Check::name)
                .containsExactly("python-fetch", "python-test");
        assertThat(Ecosystems.checks("maven", dir).get(0).fetch()).isTrue();
        assertThat(Ecosystems.checks("maven", dir).get(1).command()).endsWith(" -o test");
    }

    @Test
    void aMissingToolchainMakesTheCheckUnavailableWithTheReason() {
        assertThat(Toolchain.has("sh")).isTrue();
        if (!Toolchain.has("go")) {
            assertThat(Ecosystems.checks("go", dir).get(1).unavailable())
                    .contains("go is not installed on this worker");
        }
    }

    @Test
    void theProfileNamesComeFromTheClassesInDetectionOrder() {
        assertThat(Ecosystems.names()).containsExactly("maven", "gradle", "npm", "python", "go", "cargo", "make");
        assertThat(Ecosystems.checks("cobol", dir)).isEmpty();
        assertThat(Ecosystems.named("cobol")).isEmpty();
    }

    @Test
    void onlyMavenNpmPythonAndGoHaveARegistryAllowList() {
        assertThat(Ecosystems.ALL.stream().filter(e -> e.registry().isPresent()).map(Ecosystem::name))
                .containsExactly("maven", "npm", "python", "go");
        assertThat(Ecosystems.registryFor("PIP"))
                .containsSame(Ecosystems.registryFor("python").orElseThrow());
        assertThat(Ecosystems.registryFor("cargo")).isEmpty();
        assertThat(Ecosystems.registryFor(null)).isEmpty();
    }

    @Test
    void everyLockfileHasExactlyOneReader() {
        for (String name : List.of(
                "matrix-architect-deps.tgf",
                "package-lock.json",
                "npm-shrinkwrap.json",
                "poetry.lock",
                "uv.lock",
                "pdm.lock",
                "Pipfile.lock",
                "requirements-dev.txt",
                "go.sum",
                "Cargo.lock")) {
            assertThat(Ecosystems.ALL.stream().filter(e -> e.readsLockfile(name)))
                    .as(name)
                    .hasSize(1);
        }
        assertThat(Ecosystems.readingLockfile("pom.xml")).isEmpty();
    }

    @Test
    void everyCheckIsOfAKindItsProfileDeclares() throws Exception {
        Files.writeString(dir.resolve("package.json"), """
                {"dependencies": {"a": "1"}, "scripts": {"lint": "x", "build": "y", "test": "jest"}}
                """);
        Files.writeString(dir.resolve("package-lock.json"), "{}");
        Files.writeString(dir.resolve("requirements.txt"), "a==1\n");
        Files.writeString(dir.resolve("pyproject.toml"), "[tool.ruff]\n[tool.mypy]\n");
        for (String f : List.of("pom.xml", "build.gradle", "go.mod", "Cargo.toml", "Makefile")) {
            Files.writeString(dir.resolve(f), "");
        }
        for (Ecosystem e : Ecosystems.ALL) {
            List<CheckKind> kinds =
                    e.checks(dir).stream().map(Check::kind).distinct().toList();
            assertThat(e.kinds()).as(e.name()).containsAll(kinds);
            assertThat(e.kinds().stream().filter(kinds::contains).toList())
                    .as(e.name())
                    .isEqualTo(kinds);
            assertThat(e.checks(dir)).allSatisfy(c -> assertThat(c.profile()).isEqualTo(e.name()));
        }
        assertThat(new Npm().checks(dir)).extracting(Check::kind).containsExactlyElementsOf(new Npm().kinds());
    }
}
