package ai.matrix.architect.verify;

import ai.matrix.architect.ecosystem.Ecosystem;
import ai.matrix.architect.ecosystem.Ecosystems;
import ai.matrix.architect.ecosystem.JUnitReports;
import ai.matrix.architect.ecosystem.TestReport;
import ai.matrix.architect.verify.truth.RunnerSummaries;
import ai.matrix.architect.verify.truth.TestCaseKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** VERIFY's collect step: the test reports written since a moment, in every format, as one {@link TestReport}. */
final class TestReports {
    private TestReports() {}

    /** JUnit XML, then each ecosystem's own report files, then {@code fromLogs} (suites read from check output). */
    static TestReport collect(Path root, Instant since, List<TestReport.Suite> fromLogs) throws IOException {
        List<TestReport.Suite> suites =
                new ArrayList<>(JUnitReports.collect(root, since).suites());
        for (Ecosystem e : Ecosystems.ALL) suites.addAll(e.testReports(root, since));
        suites.addAll(fromLogs);
        return TestReport.of(distinct(suites));
    }

    private record Row(int suite, TestReport.Case testCase) {}

    /**
     * Each test case once: TestNG's listeners (and some plugins) write JUnit copies of every result into more
     * than one file, which would count every test two or three times.
     */
    static List<TestReport.Suite> distinct(List<TestReport.Suite> suites) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < suites.size(); i++) {
            for (TestReport.Case c : suites.get(i).cases()) rows.add(new Row(i, c));
        }
        List<Row> kept = TestCaseKey.distinct(
                rows,
                r -> Integer.toString(r.suite()),
                r -> TestCaseKey.of(
                        suites.get(r.suite()).name(),
                        r.testCase().classname(),
                        r.testCase().name()),
                r -> r.testCase().status());
        Map<Integer, List<TestReport.Case>> bySuite = new TreeMap<>();
        for (Row r : kept)
            bySuite.computeIfAbsent(r.suite(), k -> new ArrayList<>()).add(r.testCase());
        List<TestReport.Suite> out = new ArrayList<>();
        bySuite.forEach((i, cases) -> {
            TestReport.Suite s = suites.get(i);
            out.add(new TestReport.Suite(s.name(), s.file(), List.copyOf(cases)));
        });
        return out;
    }

    /** The most cases a summary is expanded into: a count beyond it is a runner's bug, not a test suite. */
    private static final int MAX_SUMMARY_CASES = 200_000;

    /**
     * A suite standing for what a runner's summary line counted when it wrote no structured report: one case per
     * counted test, named as such, the failed ones pointing at the check's log.
     */
    static TestReport.Suite fromSummary(String check, RunnerSummaries.Counts counts) {
        List<TestReport.Case> cases = new ArrayList<>();
        String owner = counts.runner();
        add(cases, counts.passed(), "passed", owner, null);
        int failed = counts.failed() + counts.errors();
        // the failures the runner named keep their names (so that the base commit's run can be compared by name)
        List<RunnerSummaries.FailedTest> named = counts.failures();
        for (int i = 0; i < Math.min(failed, named.size()); i++) {
            RunnerSummaries.FailedTest f = named.get(i);
            cases.add(new TestReport.Case(
                    f.name(), f.classname(), "failed", "see the log of check " + check, null, null, null));
        }
        add(cases, failed - Math.min(failed, named.size()), "failed", owner, "see the log of check " + check);
        add(cases, counts.skipped(), "skipped", owner, null);
        return new TestReport.Suite(check + " (" + counts.source() + ": " + owner + ")", null, cases);
    }

    private static void add(List<TestReport.Case> cases, int n, String status, String owner, String message) {
        for (int i = 1; i <= n && cases.size() < MAX_SUMMARY_CASES; i++) {
            cases.add(new TestReport.Case(
                    status + " test " + i + " of the summary", owner, status, message, null, null, null));
        }
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
