package ai.matrix.architect.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.ecosystem.Package;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SbomTest {
    @TempDir
    Path dir;

    @Test
    void lockfilesOfEveryEcosystemBecomeAValidCycloneDx16SbomWithPurlsHashesAndGraph() throws Exception {
        Files.writeString(dir.resolve("package-lock.json"), """
                {"name":"app","lockfileVersion":3,"packages":{
                  "":{"name":"app","dependencies":{"@types/node":"^20.0.0","left-pad":"1.3.0"}},
                  "node_modules/@types/node":{"version":"20.11.5","license":"MIT",
                     "integrity":"sha512-g7dHqtFpkqxBJUx2fNpJNrWcjm4yQhbl6ObsWETIIKT3ZONPcZTpaBsLmrIVUG4YnNgT1hDUFTtbeBkU5fUBhQ=="},
                  "node_modules/left-pad":{"version":"1.3.0","dependencies":{"ms":"2.1.3"}},
                  "node_modules/left-pad/node_modules/ms":{"version":"2.1.3","dev":true},
                  "node_modules/ms":{"version":"2.0.0"}}}
                """);
        Files.writeString(dir.resolve("requirements.txt"), """
                # pinned
                Requests==2.31.0 \\
                    --hash=sha256:58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f
                zope.interface==6.1 ; python_version > "3.8"
                flask>=2
                """);
        Files.writeString(dir.resolve("go.sum"), """
                github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=
                github.com/google/uuid v1.6.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=
                golang.org/x/text v0.3.0/go.mod h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=
                """);
        Files.writeString(dir.resolve("Cargo.lock"), """
                version = 3

                [[package]]
                name = "app"
                version = "0.1.0"
                dependencies = [
                 "serde",
                ]

                [[package]]
                name = "serde"
                version = "1.0.195"
                source = "registry+https://github.com/rust-lang/crates.io-index"
                checksum = "63261df402c67811e9ac6def069e4786148c4563f4b50fd4bf30aa370d626b02"
                """);
        Files.createDirectories(dir.resolve("target"));
        Files.writeString(dir.resolve("target/matrix-architect-deps.tgf"), """
                1 com.example:calc:jar:1.0.0
                2 org.junit.jupiter:junit-jupiter-api:jar:5.11.4:test
                3 org.opentest4j:opentest4j:jar:1.3.0:test
                #
                1 2 test
                2 3 test
                """);
        ResolvedDependencies.Result deps = ResolvedDependencies.of(dir);
        String sbom =
                SbomBuilder.json(deps, "git+file:///repos/app", "0123456789abcdef0123456789abcdef01234567", "job_1");

        assertThat(new JsonParser().validate(sbom.getBytes(StandardCharsets.UTF_8), Version.VERSION_16))
                .isEmpty();
        JsonNode bom = JsonMapper.builder().build().readTree(sbom);
        assertThat(bom.get("specVersion").asString()).isEqualTo("1.6");
        assertThat(bom.at("/metadata/component/version").asString())
                .isEqualTo("0123456789abcdef0123456789abcdef01234567");
        assertThat(bom.at("/metadata/tools/components/0/name").asString()).isEqualTo("matrix-architect");
        java.util.Map<String, JsonNode> byPurl = new java.util.HashMap<>();
        bom.get("components").forEach(c -> byPurl.put(c.get("purl").asString(), c));
        assertThat(byPurl)
                .containsKeys(
                        "pkg:npm/%40types/node@20.11.5",
                        "pkg:npm/left-pad@1.3.0",
                        "pkg:npm/ms@2.1.3",
                        "pkg:npm/ms@2.0.0",
                        "pkg:pypi/requests@2.31.0",
                        "pkg:pypi/zope-interface@6.1",
                        "pkg:golang/github.com/google/uuid@v1.6.0",
                        "pkg:cargo/serde@1.0.195",
                        "pkg:maven/org.junit.jupiter/junit-jupiter-api@5.11.4",
                        "pkg:maven/org.opentest4j/opentest4j@1.3.0");
        assertThat(byPurl).doesNotContainKey("pkg:golang/golang.org/x/text@v0.3.0"); // go.mod-only entry
        assertThat(byPurl.keySet()).noneMatch(p -> p.contains("flask")); // not pinned: not resolved
        assertThat(byPurl.get("pkg:npm/%40types/node@20.11.5")
                        .at("/hashes/0/alg")
                        .asString())
                .isEqualTo("SHA-512");
        assertThat(byPurl.get("pkg:npm/%40types/node@20.11.5")
                        .at("/licenses/0/license/name")
                        .asString())
                .isEqualTo("MIT");
        assertThat(byPurl.get("pkg:pypi/requests@2.31.0")
                        .at("/hashes/0/content")
                        .asString())
                .startsWith("58cd2187");
        assertThat(byPurl.get("pkg:cargo/serde@1.0.195").at("/hashes/0/content").asString())
                .startsWith("63261df4");
        assertThat(byPurl.get("pkg:npm/ms@2.1.3").get("scope").asString()).isEqualTo("optional");

        java.util.Map<String, JsonNode> graph = new java.util.HashMap<>();
        bom.get("dependencies").forEach(d -> graph.put(d.get("ref").asString(), d.get("dependsOn")));
        // node's resolution: left-pad's own nested ms, not the top-level one
        assertThat(graph.get("pkg:npm/left-pad@1.3.0").get(0).asString()).isEqualTo("pkg:npm/ms@2.1.3");
        assertThat(graph.get("pkg:maven/org.junit.jupiter/junit-jupiter-api@5.11.4")
                        .get(0)
                        .asString())
                .isEqualTo("pkg:maven/org.opentest4j/opentest4j@1.3.0");
        assertThat(graph.get("pkg:cargo/app@0.1.0").get(0).asString()).isEqualTo("pkg:cargo/serde@1.0.195");
        assertThat(graph.get("repository").toString())
                .contains("pkg:npm/left-pad@1.3.0", "pkg:maven/com.example/calc@1.0.0");
    }

    /** One generator writes every SBOM: SBOMs written one after another, or at once, never mix their contents. */
    @Test
    void sbomsWrittenOneAfterAnotherOrAtOnceKeepTheirOwnComponents() throws Exception {
        java.util.List<java.util.concurrent.Callable<String>> writers = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            Path project = Files.createDirectories(dir.resolve("p" + n));
            Files.writeString(project.resolve("requirements.txt"), "pkg" + n + "==1." + n + "\n");
            writers.add(() -> SbomBuilder.json(ResolvedDependencies.of(project), "repo" + n, "c" + n, "job_" + n));
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var results = pool.invokeAll(writers);
            for (int i = 0; i < results.size(); i++) {
                JsonNode bom =
                        JsonMapper.builder().build().readTree(results.get(i).get());
                assertThat(bom.at("/metadata/component/name").asString()).isEqualTo("repo" + i);
                assertThat(bom.get("components")).hasSize(1);
                assertThat(bom.at("/components/0/purl").asString()).isEqualTo("pkg:pypi/pkg" + i + "@1." + i);
            }
        } finally {
            pool.shutdownNow();
        }
        String empty =
                SbomBuilder.json(ResolvedDependencies.of(Files.createDirectories(dir.resolve("none"))), "r", "c", "j");
        assertThat(new JsonParser().validate(empty.getBytes(StandardCharsets.UTF_8), Version.VERSION_16))
                .isEmpty();
        assertThat(JsonMapper.builder().build().readTree(empty).path("components"))
                .isEmpty();
    }

    /**
     * The dependency tree and the cache are both written by sandboxed code: jars are hashed, and poms read for
     * licenses, only when they are regular files inside the cache's Maven repository.
     */
    @Test
    void jarsAreReadOnlyFromInsideTheProjectsCache() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Path repo = Files.createDirectories(cache.resolve("m2/org/example/good/1.0"));
        Files.writeString(repo.resolve("good-1.0.jar"), "a jar");
        Files.writeString(
                repo.resolve("good-1.0.pom"),
                "<project><licenses><license><name>MIT</name></license></licenses></project>");
        // a pom outside the repository that a traversal or a symlink would reach
        Path outside = Files.createDirectories(dir.resolve("outside/x/evil/2.0"));
        Files.writeString(
                outside.resolve("evil-2.0.pom"),
                "<project><licenses><license><name>HOST-SECRET</name></license></licenses></project>");
        Files.writeString(outside.resolve("evil-2.0.jar"), "host file");
        Path linked = Files.createDirectories(cache.resolve("m2/org/example/linked/3.0"));
        Files.createSymbolicLink(linked.resolve("linked-3.0.pom"), outside.resolve("evil-2.0.pom"));
        Files.createSymbolicLink(linked.resolve("linked-3.0.jar"), outside.resolve("evil-2.0.jar"));
        Path work = Files.createDirectories(dir.resolve("work/target"));
        Files.writeString(work.resolve("matrix-architect-deps.tgf"), """
                1 com.example:app:jar:1.0.0
                2 org.example:good:jar:1.0
                3 org.example:linked:jar:3.0
                4 x:../../../../outside/x/evil:jar:2.0
                #
                1 2 compile
                1 3 compile
                1 4 compile
                """);

        ResolvedDependencies.Result deps = ResolvedDependencies.of(dir.resolve("work"), cache);

        java.util.Map<String, Package> byName = new java.util.HashMap<>();
        deps.packages().forEach(p -> byName.put(p.name(), p));
        assertThat(byName.get("org.example:good").hashes()).containsKey("SHA-256");
        assertThat(byName.get("org.example:good").licenses()).containsExactly("MIT");
        assertThat(byName.get("org.example:linked").hashes()).isEmpty();
        assertThat(byName.get("org.example:linked").licenses()).isEmpty();
        assertThat(deps.packages()).allSatisfy(p -> assertThat(p.licenses()).doesNotContain("HOST-SECRET"));
        assertThat(deps.packages()).allSatisfy(p -> assertThat(p.hashes()).doesNotContainValue(sha256("host file")));
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
