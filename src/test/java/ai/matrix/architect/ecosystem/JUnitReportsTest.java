package ai.matrix.architect.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JUnitReportsTest {
    @TempDir
    Path dir;

    @Test
    void readsSurefireAndPytestReportsIntoOneModel() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        Files.createDirectories(dir.resolve("target/surefire-reports"));
        Files.writeString(dir.resolve("target/surefire-reports/TEST-com.example.CalcTest.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="com.example.CalcTest" tests="3" failures="1" skipped="1">
                  <testcase name="adds" classname="com.example.CalcTest" time="0.01"/>
                  <testcase name="divides" classname="com.example.CalcTest" time="0.02">
                    <failure message="expected: 2 but was: 3" type="org.opentest4j.AssertionFailedError">stack</failure>
                  </testcase>
                  <testcase name="later" classname="com.example.CalcTest"><skipped/></testcase>
                </testsuite>
                """);
        Files.writeString(dir.resolve("pytest.xml"), """
                <?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" tests="2">
                <testcase classname="tests.test_x" name="test_ok" file="tests/test_x.py" time="0.001"/>
                <testcase classname="tests.test_x" name="test_err" file="tests/test_x.py"><error message="boom">trace</error></testcase>
                </testsuite></testsuites>
                """);
        TestReport report = JUnitReports.collect(dir, start);
        assertThat(report.passed()).isEqualTo(2);
        assertThat(report.failed()).isEqualTo(2);
        assertThat(report.skipped()).isEqualTo(1);
        TestReport.Case divides = report.suites().stream()
                .flatMap(s -> s.cases().stream())
                .filter(c -> c.name().equals("divides"))
                .findFirst()
                .orElseThrow();
        assertThat(divides.message()).isEqualTo("expected: 2 but was: 3");
        assertThat(divides.detail()).isEqualTo("stack");
        TestReport.Case err = report.suites().stream()
                .flatMap(s -> s.cases().stream())
                .filter(c -> c.name().equals("test_err"))
                .findFirst()
                .orElseThrow();
        assertThat(err.file()).isEqualTo("tests/test_x.py");
    }

    @Test
    void ignoresStaleReportsOtherXmlAndEntityTricks() throws Exception {
        Path stale = dir.resolve("old.xml");
        Files.writeString(stale, "<testsuite name=\"old\"><testcase name=\"t\"/></testsuite>");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(3600)));
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        Files.writeString(dir.resolve("xxe.xml"), """
                <?xml version="1.0"?><!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <testsuite name="x"><testcase name="&x;"/></testsuite>
                """);
        TestReport report = JUnitReports.collect(dir, Instant.now().minusSeconds(5));
        assertThat(report.total()).isZero();
    }
}
