package ai.matrix.architect.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.sandbox.egress.RegistryAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonTest {
    private final Python python = new Python();

    @TempDir
    Path dir;

    @Test
    void aPythonProjectIsAuditedWhenPipAuditIsInstalled() throws Exception {
        Files.writeString(dir.resolve("requirements.txt"), "requests==2.31.0\n");
        boolean audited = python.checks(dir).stream().anyMatch(c -> c.name().equals("python-scan"));
        assertThat(audited).isEqualTo(Toolchain.has("pip-audit"));
        Files.delete(dir.resolve("requirements.txt"));
        Files.writeString(dir.resolve("pyproject.toml"), "[project]\nname = \"x\"\n");
        assertThat(python.checks(dir)).extracting(Check::kind).doesNotContain(CheckKind.SCAN);
    }

    @Test
    void pytestWritesJUnitXmlAndTheVirtualenvIsUsedWhenThereAreRequirements() throws Exception {
        Files.writeString(dir.resolve("setup.cfg"), "[metadata]\n");
        assertThat(python.detect(dir)).isTrue();
        assertThat(python.checks(dir)).extracting(Check::name).containsExactly("python-test");
        assertThat(python.checks(dir).get(0).command())
                .startsWith("python3 -m pytest")
                .contains("--junitxml=.matrix-architect/reports/pytest.xml");
        Files.writeString(dir.resolve("requirements.txt"), "requests==2.31.0\n");
        assertThat(python.checks(dir).get(1).command()).contains(".venv/bin/python");
    }

    @Test
    void offlineItInstallsOnlyFromTheDownloadedPackages() {
        assertThat(python.env(RegistryAccess.Phase.OFFLINE, Map.of()))
                .containsEntry("PIP_NO_INDEX", "1")
                .containsEntry("PIP_FIND_LINKS", "/cache/pip");
        assertThat(python.env(RegistryAccess.Phase.FETCH_VIA_PROXY, Map.of())).doesNotContainKey("PIP_NO_INDEX");
        assertThat(python.aliases()).contains("pip");
    }

    @Test
    void locksAndPinnedRequirementsGiveNormalizedNames() {
        DependencyCollector into = new DependencyCollector(dir);
        python.readLockfile(
                "requirements.txt", "Zope.Interface==6.1\nflask>=2\n-r other.txt\n", "requirements.txt", into);
        python.readLockfile("requirements-dev.txt", "# nothing pinned\nflask\n", "requirements-dev.txt", into);
        python.readLockfile("poetry.lock", """
                [[package]]
                name = "Typing_Extensions"
                version = "4.9.0"
                category = "dev"
                """, "poetry.lock", into);
        python.readLockfile("Pipfile.lock", """
                {"default": {"idna": {"version": "==3.6", "hashes": ["sha256:abc"]}}, "develop": {}}
                """, "Pipfile.lock", into);
        assertThat(into.packages())
                .extracting(Package::purl)
                .containsExactly(
                        "pkg:pypi/zope-interface@6.1", "pkg:pypi/typing-extensions@4.9.0", "pkg:pypi/idna@3.6");
        assertThat(into.packages().get(1).optional()).isTrue();
        assertThat(into.packages().get(2).hashes()).containsEntry("SHA-256", "abc");
        // a requirements file with nothing pinned is no source
        assertThat(into.sources()).containsExactly("requirements.txt", "poetry.lock", "Pipfile.lock");
    }
}
