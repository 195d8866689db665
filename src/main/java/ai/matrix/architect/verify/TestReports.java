package ai.matrix.architect.verify;

import ai.matrix.architect.ecosystem.Ecosystem;
import ai.matrix.architect.ecosystem.Ecosystems;
import ai.matrix.architect.ecosystem.JUnitReports;
import ai.matrix.architect.ecosystem.TestReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** VERIFY's collect step: the test reports written since a moment, in every format, as one {@link TestReport}. */
final class TestReports {
    private TestReports() {}

    /** JUnit XML, then each ecosystem's own report files, then {@code fromLogs} (suites read from check output). */
    static TestReport collect(Path root, Instant since, List<TestReport.Suite> fromLogs) throws IOException {
        List<TestReport.Suite> suites =
                new ArrayList<>(JUnitReports.collect(root, since).suites());
        for (Ecosystem e : Ecosystems.ALL) suites.addAll(e.testReports(root, since));
        suites.addAll(fromLogs);
        return TestReport.of(suites);
    }

    static VerifyOutput.Tests counts(TestReport report) {
        return new VerifyOutput.Tests(report.passed(), report.failed(), report.skipped());
    }

    /** The first failed case as {@code class.name at file: message}, or null. */
    static String firstFailure(TestReport report) {
        for (TestReport.Suite s : report.suites()) {
            for (TestReport.Case c : s.cases()) {
                if (c.status().equals("failed")) {
                    return (c.classname() == null ? "" : c.classname() + ".") + c.name()
                            + (c.file() == null ? "" : " at " + c.file()) + ": " + c.message();
                }
            }
        }
        return null;
    }
}
