package ai.matrix.architect.verify;

import ai.matrix.architect.ecosystem.CheckKind;
import ai.matrix.architect.ecosystem.TestReport;
import ai.matrix.architect.verify.FailureClassification.BaseRun;
import ai.matrix.architect.verify.FailureClassification.JobFailure;
import ai.matrix.architect.verify.truth.TestCaseKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What failed in a run of checks, as {@link FailureClassification} compares it: per check, per test when known. */
final class JobFailures {
    /** The check named for failing tests that were in a report no test check wrote (a build's JUnit output). */
    static final String NO_CHECK = "(a report of no test check)";

    private JobFailures() {}

    /**
     * Every failed check (and test check whose report has failures), with its failing tests' keys, and the failing
     * tests of the job's report that no test check's own report holds.
     */
    static List<JobFailure> of(CheckRunner.Ran ran, TestReport report) {
        List<JobFailure> out = new ArrayList<>();
        Set<String> attributed = new LinkedHashSet<>();
        for (VerifyOutput.CheckResult r : ran.results()) {
            CheckRunner.CheckTests tests = ran.tests().get(r.name());
            int failedCount = tests == null ? 0 : tests.report().failed();
            boolean failed = r.status().equals("failed") || r.status().equals("error");
            if (!failed && failedCount == 0) continue;
            List<String> all = tests == null ? List.of() : failedKeys(tests.report());
            // a counted summary names no test: its check is compared as a whole
            List<String> keys = tests != null && tests.summaryOnly() ? List.of() : all;
            attributed.addAll(all);
            boolean stopped = r.kind() != CheckKind.TEST
                    && ran.results().stream()
                            .anyMatch(x -> x.status().equals("skipped")
                                    && r.profile().equals(x.profile())
                                    && x.reason() != null
                                    && x.reason().startsWith("an earlier check"));
            out.add(new JobFailure(r.name(), !r.status().equals("error"), keys, failedCount, stopped));
        }
        List<String> rest = new ArrayList<>(failedKeys(report));
        rest.removeAll(attributed);
        if (!rest.isEmpty()) out.add(new JobFailure(NO_CHECK, true, rest, rest.size(), false));
        return out;
    }

    /** What a check did on the base commit: a check whose report has failures failed, whatever its exit code. */
    static BaseRun baseRun(VerifyOutput.CheckResult result, CheckRunner.CheckTests tests) {
        int failedCount = tests == null ? 0 : tests.report().failed();
        boolean perTest =
                tests != null && !tests.summaryOnly() && tests.report().total() > 0;
        String status = result.status().equals("passed") && failedCount > 0 ? "failed" : result.status();
        return new BaseRun(status, perTest ? failedKeys(tests.report()) : List.of(), perTest, failedCount);
    }

    /** The keys of a report's failing tests, each once. */
    static List<String> failedKeys(TestReport report) {
        Set<String> keys = new LinkedHashSet<>();
        for (TestReport.Suite s : report.suites()) {
            for (TestReport.Case c : s.cases()) {
                if (!c.status().equals("failed")) continue;
                TestCaseKey k = TestCaseKey.of(s.name(), c.classname(), c.name());
                keys.add(FailureClassification.testKey(k.owner(), k.name()));
            }
        }
        return List.copyOf(keys);
    }
}
