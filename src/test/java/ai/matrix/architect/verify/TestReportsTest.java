package ai.matrix.architect.verify;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.ecosystem.TestReport;
import ai.matrix.architect.verify.truth.RunnerSummaries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VERIFY's collect step counts each test once, whatever wrote it and however often. */
class TestReportsTest {
    @TempDir
    Path root;

    private static String suite(String name, String failing) {
        return """
                <testsuite name="%s" tests="3">
                  <testcase classname="calc.AddTest" name="adds"/>
                  <testcase classname="calc.AddTest" name="overflows"%s
                  <testcase classname="calc.SubTest" name="subtracts"/>
                </testsuite>
                """.formatted(name, failing == null ? "/>" : "><failure message=\"" + failing + "\"/></testcase>");
    }

    /** TestNG's default listeners: Surefire's TEST-*.xml, junitreports/TEST-*.xml and a per-suite copy. */
    @Test
    void theCopiesTestNgWritesAreCountedOnce() throws Exception {
        Instant before = Instant.now().minusSeconds(5);
        Path reports = Files.createDirectories(root.resolve("target/surefire-reports/junitreports"));
        Files.writeString(root.resolve("target/surefire-reports/TEST-TestSuite.xml"), suite("TestSuite", "boom"));
        Files.writeString(reports.resolve("TEST-calc.AddTest.xml"), suite("calc.AddTest", "boom"));
        Files.writeString(
                root.resolve("target/surefire-reports/Command line suite.xml"), suite("Command line test", null));
        TestReport report = TestReports.collect(root, before, List.of());
        assertThat(report.total()).isEqualTo(3);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.passed()).isEqualTo(2);
    }

    @Test
    void aSummaryBecomesOneCasePerCountedTest() {
        var counts = RunnerSummaries.parse(
                        List.of("Ran 7 tests in 0.01s", "", "FAILED (failures=1, errors=1, skipped=2)"))
                .orElseThrow();
        TestReport report = TestReport.of(List.of(TestReports.fromSummary("test", counts)));
        assertThat(report.passed()).isEqualTo(3);
        assertThat(report.failed()).isEqualTo(2);
        assertThat(report.skipped()).isEqualTo(2);
        assertThat(report.suites().get(0).name()).contains("counted from the runner's summary", "unittest");
        assertThat(TestReports.firstFailure(report)).startsWith("unittest.failed test 1 of the summary");

        // a failure the runner named keeps its name; the one it did not name is still counted
        var named = RunnerSummaries.parse(
                        List.of("FAIL: square (squares)", "Ran 7 tests in 0.01s", "", "FAILED (failures=1, errors=1)"))
                .orElseThrow();
        TestReport withNames = TestReport.of(List.of(TestReports.fromSummary("test", named)));
        assertThat(withNames.failed()).isEqualTo(2);
        assertThat(TestReports.firstFailure(withNames)).startsWith("squares.square: see the log of check test");
    }
}
