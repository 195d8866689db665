package ai.matrix.architect.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.sandbox.egress.RegistryAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MavenTest {
    private final Maven maven = new Maven();

    @TempDir
    Path dir;

    @Test
    void aPomIsMavenWhoseFetchWritesTheTreeAndWhoseTestRunsOffline() throws Exception {
        assertThat(maven.detect(dir)).isFalse();
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        assertThat(maven.detect(dir)).isTrue();
        assertThat(maven.checks(dir)).extracting(Check::name).containsExactly("maven-fetch", "maven-test");
        assertThat(maven.checks(dir)).extracting(Check::kind).containsExactly(CheckKind.FETCH, CheckKind.TEST);
        assertThat(maven.checks(dir).get(0).command())
                .contains("-DoutputFile=" + Maven.TREE)
                .contains("-Dmaven.repo.local=\"${MATRIX_ARCHITECT_CACHE:-$PWD/.matrix-architect/cache}/m2\"");
        assertThat(maven.checks(dir).get(1).env()).containsKey("MAVEN_OPTS");
    }

    @Test
    void itsSettingsPointAtTheCacheAndTheProxyOnlyWhenFetchingThroughIt() {
        String proxied = maven.preamble(RegistryAccess.Phase.FETCH_VIA_PROXY);
        assertThat(proxied).contains("<offline>false</offline>").contains("<port>3128</port>");
        assertThat(maven.preamble(RegistryAccess.Phase.OFFLINE))
                .contains("<offline>true</offline>")
                .doesNotContain("<proxies>");
        assertThat(maven.merged(RegistryAccess.Phase.OFFLINE, Map.of("MAVEN_OPTS", "-Xmx1g")))
                .containsEntry("MAVEN_OPTS", "-Xmx1g -Duser.home=" + RegistryAccess.HOME)
                .containsEntry(RegistryAccess.CACHE_ENV, "/cache");
        assertThat(maven.registryHosts()).contains("repo.maven.apache.org");
    }

    @Test
    void theTreeGivesPackagesWithScopesEdgesAndHashesFromTheCache() throws Exception {
        Path version = Files.createDirectories(dir.resolve("cache/m2/org/example/lib/1.0"));
        Files.writeString(version.resolve("lib-1.0.jar"), "jar");
        Files.writeString(version.resolve("lib-1.0.pom"), "<licenses><license><name>MIT</name></license></licenses>");
        DependencyCollector into = new DependencyCollector(dir.resolve("cache"));
        maven.readLockfile("matrix-architect-deps.tgf", """
                1 com.example:app:jar:1.0.0
                2 org.example:lib:jar:1.0:compile
                3 org.example:tool:jar:linux:2.0:test
                #
                1 2 compile
                2 3 test
                """, "target/matrix-architect-deps.tgf", into);
        assertThat(into.packages())
                .extracting(Package::purl)
                .containsExactly(
                        "pkg:maven/com.example/app@1.0.0",
                        "pkg:maven/org.example/lib@1.0",
                        "pkg:maven/org.example/tool@2.0?classifier=linux");
        Package lib = into.packages().get(1);
        assertThat(lib.hashes()).containsKey("SHA-256");
        assertThat(lib.licenses()).containsExactly("MIT");
        assertThat(lib.dependsOn()).containsExactly("pkg:maven/org.example/tool@2.0?classifier=linux");
        assertThat(into.packages().get(2).optional()).isTrue();
        assertThat(into.directDependencies()).containsExactly("pkg:maven/com.example/app@1.0.0");
        assertThat(into.sources()).containsExactly("target/matrix-architect-deps.tgf");
    }

    /** Issue 12: a dependency whose own POM declares no license inherits its parent's (Maven does). */
    @Test
    void licensesAreInheritedThroughTheParentChain() throws Exception {
        Path m2 = dir.resolve("cache/m2");
        Path grand = Files.createDirectories(m2.resolve("org/example/root/3"));
        Files.writeString(grand.resolve("root-3.pom"), """
                <project><!-- <licenses><license><name>Not this</name></license></licenses> -->
                  <licenses><license><name>Apache-2.0</name></license></licenses></project>""");
        Path parent = Files.createDirectories(m2.resolve("org/example/parent/2"));
        Files.writeString(parent.resolve("parent-2.pom"), """
                <project><parent><groupId>org.example</groupId><artifactId>root</artifactId>
                  <version>3</version></parent></project>""");
        Path lib = Files.createDirectories(m2.resolve("org/example/lib/1.0"));
        Files.writeString(lib.resolve("lib-1.0.pom"), """
                <project>
                  <parent>
                    <groupId>org.example</groupId>
                    <artifactId>parent</artifactId>
                    <version>2</version>
                  </parent>
                  <artifactId>lib</artifactId>
                </project>""");
        Path orphan = Files.createDirectories(m2.resolve("org/example/orphan/1.0"));
        Files.writeString(orphan.resolve("orphan-1.0.pom"), """
                <project><parent><groupId>org.example</groupId><artifactId>gone</artifactId>
                  <version>9</version></parent></project>""");
        DependencyCollector into = new DependencyCollector(dir.resolve("cache"));
        maven.readLockfile("matrix-architect-deps.tgf", """
                1 com.example:app:jar:1.0.0
                2 org.example:lib:jar:1.0:compile
                3 org.example:orphan:jar:1.0:compile
                #
                1 2 compile
                1 3 compile
                """, "target/matrix-architect-deps.tgf", into);
        assertThat(into.packages().get(1).licenses()).containsExactly("Apache-2.0");
        assertThat(into.packages().get(2).licenses()).isEmpty();
    }
}
