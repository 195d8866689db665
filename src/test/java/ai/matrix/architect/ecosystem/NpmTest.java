package ai.matrix.architect.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.sandbox.egress.RegistryAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpmTest {
    private final Npm npm = new Npm();

    @TempDir
    Path dir;

    @Test
    void anNpmProjectWithALockfileEndsWithAnAuditThatGoesOutLikeAFetch() throws Exception {
        Files.writeString(dir.resolve("package.json"), "{\"dependencies\": {\"minimist\": \"0.0.8\"}}");
        assertThat(npm.checks(dir)).extracting(Check::kind).doesNotContain(CheckKind.SCAN);

        Files.writeString(dir.resolve("package-lock.json"), "{\"lockfileVersion\": 3, \"packages\": {}}");
        Check scan = npm.checks(dir).getLast();
        assertThat(scan.name()).isEqualTo("npm-scan");
        assertThat(scan.kind()).isEqualTo(CheckKind.SCAN);
        assertThat(scan.usesRegistry()).isTrue();
        assertThat(scan.fetch()).isFalse();
        assertThat(scan.command())
                .contains("npm audit --json --package-lock-only")
                .contains(
                        "> .matrix-architect/reports/npm-audit.json; test -s .matrix-architect/reports/npm-audit.json");
        assertThat(npm.checks(dir).get(0).usesRegistry()).isTrue();
        assertThat(npm.checks(dir).get(1).usesRegistry()).isFalse();
    }

    @Test
    void itsScriptsBecomeLintBuildAndTestChecks() throws Exception {
        Files.writeString(dir.resolve("package.json"), """
                {"scripts": {"lint": "eslint .", "build": "tsc", "test": "node --test test/"}}
                """);
        assertThat(npm.detect(dir)).isTrue();
        assertThat(npm.checks(dir)).extracting(Check::name).containsExactly("npm-lint", "npm-build", "npm-test");
        assertThat(npm.checks(dir).get(2).command())
                .contains("--test-reporter=junit --test-reporter-destination=.matrix-architect/reports/node-test.xml")
                .endsWith(" test/");
        Files.writeString(dir.resolve("package.json"), "{\"scripts\": {\"test\": \"jest\"}}");
        Check jest = npm.checks(dir).getLast();
        assertThat(jest.command()).startsWith("npm test --offline");
        assertThat(jest.env()).containsEntry("JEST_JUNIT_OUTPUT_DIR", Ecosystem.REPORTS);
    }

    @Test
    void itReachesTheRegistryThroughTheProxyAndIsOfflineOtherwise() {
        assertThat(npm.env(RegistryAccess.Phase.FETCH_VIA_PROXY, Map.of()))
                .containsEntry("npm_config_https_proxy", "http://127.0.0.1:3128");
        assertThat(npm.env(RegistryAccess.Phase.OFFLINE, Map.of())).containsEntry("npm_config_offline", "true");
        assertThat(npm.registryHosts()).containsExactly("registry.npmjs.org");
    }

    @Test
    void theLockfileGivesNestedPackagesTheirNearestDependency() {
        DependencyCollector into = new DependencyCollector(dir);
        npm.readLockfile("package-lock.json", """
                {"name":"app","lockfileVersion":3,"packages":{
                  "":{"name":"app","dependencies":{"@scope/a":"^1.0.0"}},
                  "node_modules/@scope/a":{"version":"1.0.0","license":"MIT","dependencies":{"b":"2"}},
                  "node_modules/@scope/a/node_modules/b":{"version":"2.0.0","dev":true},
                  "node_modules/b":{"version":"1.0.0"}}}
                """, "package-lock.json", into);
        assertThat(into.packages())
                .extracting(Package::purl)
                .containsExactly("pkg:npm/%40scope/a@1.0.0", "pkg:npm/b@2.0.0", "pkg:npm/b@1.0.0");
        assertThat(into.packages().get(0).dependsOn()).containsExactly("pkg:npm/b@2.0.0");
        assertThat(into.packages().get(0).licenses()).containsExactly("MIT");
        assertThat(into.packages().get(1).optional()).isTrue();
        assertThat(into.directDependencies()).containsExactly("pkg:npm/%40scope/a@1.0.0");
    }
}
