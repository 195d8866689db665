package ai.matrix.architect.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CargoTest {
    private final Cargo cargo = new Cargo();

    @TempDir
    Path dir;

    @Test
    void aCrateIsCargoFetchedThenTestedOffline() throws Exception {
        Files.writeString(dir.resolve("Cargo.toml"), "[package]\nname = \"app\"\n");
        assertThat(cargo.detect(dir)).isTrue();
        assertThat(cargo.checks(dir)).extracting(Check::name).containsExactly("cargo-fetch", "cargo-test");
        assertThat(cargo.checks(dir).get(1).command()).contains("cargo test --offline --no-fail-fast");
        assertThat(cargo.registry()).isEmpty();
    }

    @Test
    void cargoTestOutputBecomesTheSameResultModel() {
        String log = """
                running 3 tests
                test tests::adds ... ok
                test tests::later ... ignored
                test tests::wrong ... FAILED

                failures:

                ---- tests::wrong stdout ----
                thread 'tests::wrong' panicked at src/lib.rs:14:9:
                two and two make five
                """;
        TestReport c = TestReport.of(cargo.testReportsInLog("cargo-test", log));
        assertThat(List.of(c.passed(), c.failed(), c.skipped())).containsExactly(1, 1, 1);
        assertThat(c.suites().get(0).cases().get(2).message()).isEqualTo("two and two make five at src/lib.rs:14:9:");
        assertThat(cargo.testReportsInLog("cargo-test", "error: could not compile"))
                .isEmpty();
    }

    @Test
    void theLockGivesEdgesAndOnlyTheLocalPackageIsDirect() {
        DependencyCollector into = new DependencyCollector(dir);
        cargo.readLockfile("Cargo.lock", """
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
                """, "Cargo.lock", into);
        assertThat(into.packages())
                .extracting(Package::purl)
                .containsExactly("pkg:cargo/app@0.1.0", "pkg:cargo/serde@1.0.195");
        assertThat(into.packages().get(0).dependsOn()).containsExactly("pkg:cargo/serde@1.0.195");
        assertThat(into.packages().get(1).hashes()).containsKey("SHA-256");
        assertThat(into.directDependencies()).containsExactly("pkg:cargo/app@0.1.0");
    }
}
