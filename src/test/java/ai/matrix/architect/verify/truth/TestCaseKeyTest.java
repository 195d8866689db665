package ai.matrix.architect.verify.truth;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.ecosystem.JUnitReports;
import ai.matrix.architect.ecosystem.TestReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCaseKeyTest {
    @TempDir
    Path repo;

    /** A case as the existing report model gives it, with the suite (and file) it came from. */
    record Found(TestReport.Suite suite, TestReport.Case testCase) {}

    private static final String CASES = """
              <testcase name="adds" classname="com.example.CalcTest" time="0.004"/>
              <testcase name="divides" classname="com.example.CalcTest" time="0.002">
                <failure message="expected [2] but found [3]" type="java.lang.AssertionError">at com.example.CalcTest.divides(CalcTest.java:21)</failure>
              </testcase>
              <testcase name="parses" classname="com.example.CalcTest" time="0.001"/>
              <testcase name="parses" classname="com.example.CalcTest" time="0.001"/>
              <testcase name="parses" classname="com.example.CalcTest" time="0.001"/>
              <testcase name="later" classname="com.example.CalcTest"><skipped/></testcase>
              <testcase name="adds" classname="com.example.MathTest" time="0.001"/>
            """;

    private void write(String path, String text) throws IOException {
        Path f = repo.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    /** Surefire's report, TestNG's junitreports copy, TestNG's per-suite copy, and TestNG's own results file. */
    private void testNgDefaultListenersOutput() throws IOException {
        write("target/surefire-reports/TEST-TestSuite.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="TestSuite" tests="7" failures="1" skipped="1">
                """ + CASES + "</testsuite>\n");
        write(
                "target/surefire-reports/junitreports/TEST-com.example.CalcTest.xml",
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="com.example.CalcTest" tests="6" failures="1" skipped="1">
                """ + CASES.lines().filter(l -> !l.contains("MathTest")).collect(Collectors.joining("\n"))
                        + "\n</testsuite>\n");
        write("target/surefire-reports/junitreports/TEST-com.example.MathTest.xml", """
                <testsuite name="com.example.MathTest" tests="1">
                  <testcase name="adds" classname="com.example.MathTest"/>
                </testsuite>
                """);
        write("target/surefire-reports/Surefire suite/Surefire test.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite hostname="ci" name="Surefire test" tests="7" failures="1" skipped="1">
                """ + CASES + "</testsuite>\n");
        write("target/surefire-reports/testng-results.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <testng-results skipped="1" failed="1" total="7" passed="5">
                  <suite name="Surefire suite"><test name="Surefire test"><class name="com.example.CalcTest">
                    <test-method status="PASS" name="adds"/>
                  </class></test></suite>
                </testng-results>
                """);
    }

    @Test
    void testNgCopiesAreCountedOnce() throws IOException {
        testNgDefaultListenersOutput();
        TestReport all = JUnitReports.collect(repo, Instant.now().minusSeconds(60));
        assertThat(all.total()).as("every copy, as counted before").isEqualTo(7 + 6 + 1 + 7);

        List<Found> found = all.suites().stream()
                .flatMap(s -> s.cases().stream().map(c -> new Found(s, c)))
                .toList();
        List<Found> once = TestCaseKey.distinct(
                found,
                f -> f.suite().file(),
                f -> TestCaseKey.of(
                        f.suite().name(), f.testCase().classname(), f.testCase().name()),
                f -> f.testCase().status());
        Map<String, Long> byStatus =
                once.stream().collect(Collectors.groupingBy(f -> f.testCase().status(), Collectors.counting()));
        assertThat(byStatus).isEqualTo(Map.of("passed", 5L, "failed", 1L, "skipped", 1L));
    }

    record Row(String file, String suite, String classname, String name, String status) {}

    private static List<Row> distinct(List<Row> rows) {
        return TestCaseKey.distinct(
                rows, Row::file, r -> TestCaseKey.of(r.suite(), r.classname(), r.name()), Row::status);
    }

    @Test
    void aFailureInAnyEqualCopyIsKept() {
        List<Row> once =
                distinct(List.of(new Row("a.xml", "S", "C", "t", "passed"), new Row("b.xml", "S", "C", "t", "failed")));
        assertThat(once).extracting(Row::status).containsExactly("failed");
    }

    @Test
    void suiteStandsInForAMissingClassAndDifferentClassesStayApart() {
        List<Row> rows = List.of(
                new Row("node.xml", "test/a.test.js", null, "adds", "passed"),
                new Row("node.xml", "test/b.test.js", "", "adds", "passed"),
                new Row("x.xml", "X", "com.A", "run", "passed"),
                new Row("x.xml", "X", "com.B", "run", "passed"));
        assertThat(distinct(rows)).hasSize(4);
        assertThat(TestCaseKey.of("suite", " ", "n")).isEqualTo(new TestCaseKey("suite", "n"));
    }

    @Test
    void dataDrivenRepeatsInOneFileAreKept() {
        Function<String, Row> inA = status -> new Row("a.xml", "S", "C", "parses", status);
        List<Row> once = distinct(List.of(
                inA.apply("passed"),
                inA.apply("passed"),
                inA.apply("failed"),
                new Row("b.xml", "S2", "C", "parses", "passed")));
        assertThat(once).extracting(Row::file).containsExactly("a.xml", "a.xml", "a.xml");
    }
}
