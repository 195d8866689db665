package ai.matrix.architect.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.sandbox.egress.RegistryAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoTest {
    private final Go go = new Go();

    @TempDir
    Path dir;

    @Test
    void aModuleIsGoAndItsTestsRunWithTheModuleProxyOff() throws Exception {
        Files.writeString(dir.resolve("go.mod"), "module example.com/calc\n");
        assertThat(go.detect(dir)).isTrue();
        assertThat(go.checks(dir)).extracting(Check::name).containsExactly("go-fetch", "go-test");
        assertThat(go.checks(dir).get(1).command()).contains("GOPROXY=off go test -json ./... > " + Go.TEST_EVENTS);
        assertThat(go.env(RegistryAccess.Phase.OFFLINE, Map.of())).containsEntry("GOPROXY", "off");
        assertThat(go.registryHosts()).contains("proxy.golang.org", "sum.golang.org");
    }

    @Test
    void goTestJsonBecomesTheSameResultModel() throws Exception {
        Path events = Files.createDirectories(dir.resolve(Ecosystem.REPORTS)).resolve("go-test.jsonl");
        Files.writeString(events, """
                {"Action":"run","Package":"example.com/calc","Test":"TestAdd"}
                {"Action":"pass","Package":"example.com/calc","Test":"TestAdd","Elapsed":0.01}
                {"Action":"run","Package":"example.com/calc","Test":"TestWrong"}
                {"Action":"output","Package":"example.com/calc","Test":"TestWrong","Output":"=== RUN   TestWrong\\n"}
                {"Action":"output","Package":"example.com/calc","Test":"TestWrong","Output":"    calc_test.go:12: two and two make five\\n"}
                {"Action":"fail","Package":"example.com/calc","Test":"TestWrong","Elapsed":0}
                {"Action":"skip","Package":"example.com/calc","Test":"TestLater","Elapsed":0}
                {"Action":"fail","Package":"example.com/calc","Elapsed":0.02}
                """);
        TestReport r = TestReport.of(go.testReports(dir, Instant.now().minusSeconds(5)));
        assertThat(List.of(r.passed(), r.failed(), r.skipped())).containsExactly(1, 1, 1);
        TestReport.Case wrong = r.suites().get(0).cases().get(1);
        assertThat(wrong.message()).isEqualTo("two and two make five");
        assertThat(wrong.file()).isEqualTo("calc_test.go:12");
        assertThat(r.suites().get(0).file()).isEqualTo(Go.TEST_EVENTS);

        // events from before the run are someone else's
        Files.setLastModifiedTime(events, FileTime.from(Instant.now().minusSeconds(60)));
        assertThat(go.testReports(dir, Instant.now())).isEmpty();
    }

    @Test
    void goSumGivesModuleVersionsButNotTheirGoModLines() {
        DependencyCollector into = new DependencyCollector(dir);
        go.readLockfile("go.sum", """
                github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=
                github.com/google/uuid v1.6.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=
                golang.org/x/text v0.3.0/go.mod h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=
                """, "go.sum", into);
        assertThat(into.packages())
                .extracting(Package::purl)
                .containsExactly("pkg:golang/github.com/google/uuid@v1.6.0");
        assertThat(into.packages().get(0).name()).isEqualTo("github.com/google/uuid");
        assertThat(into.directDependencies()).hasSize(1);
    }
}
