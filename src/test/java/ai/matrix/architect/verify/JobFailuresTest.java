package ai.matrix.architect.verify;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.ecosystem.Check;
import ai.matrix.architect.ecosystem.CheckKind;
import ai.matrix.architect.ecosystem.TestReport;
import ai.matrix.architect.verify.FailureClassification.JobFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobFailuresTest {
    private static Check check(String name, String profile, CheckKind kind) {
        return new Check(name, profile, kind, "run " + name, null, Map.of(), null, null);
    }

    private static VerifyOutput.CheckResult result(String name, String profile, CheckKind kind, String status) {
        return new VerifyOutput.CheckResult(
                name,
                profile,
                kind,
                "run " + name,
                null,
                null,
                null,
                null,
                status,
                status.equals("skipped") ? "an earlier check of the " + profile + " profile failed" : null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static TestReport report(String suite, String... casesAndStatuses) {
        List<TestReport.Case> cases = new java.util.ArrayList<>();
        for (int i = 0; i < casesAndStatuses.length; i += 2) {
            cases.add(new TestReport.Case(
                    casesAndStatuses[i], "tests.T", casesAndStatuses[i + 1], null, null, null, null));
        }
        return TestReport.of(List.of(new TestReport.Suite(suite, null, cases)));
    }

    @Test
    void failedChecksCarryTheirFailingTestsAndAFetchThatStoppedItsProfileSaysSo() {
        TestReport tests = report("pytest", "test_a", "passed", "test_b", "failed");
        CheckRunner.Ran ran = new CheckRunner.Ran(
                List.of(
                        result("python-test", "python", CheckKind.TEST, "failed"),
                        result("npm-fetch", "npm", CheckKind.FETCH, "failed"),
                        result("npm-test", "npm", CheckKind.TEST, "skipped")),
                List.of("python-test failed", "npm-fetch failed"),
                List.of(),
                Map.of("python-test", new CheckRunner.CheckTests(tests, false)));
        List<JobFailure> failures = JobFailures.of(ran, tests);
        assertThat(failures)
                .containsExactly(
                        new JobFailure("python-test", true, List.of("tests.T.test_b"), 1, false),
                        new JobFailure("npm-fetch", true, List.of(), 0, true));
    }

    @Test
    void aRunnersSummaryNamesNoTestAndFailuresOfNoTestCheckAreKeptApart() {
        TestReport counted = report("make-test (counted from the runner's summary: make)", "failed test 1", "failed");
        TestReport build = report("junit", "test_c", "failed");
        TestReport all =
                TestReport.of(List.of(counted.suites().get(0), build.suites().get(0)));
        CheckRunner.Ran ran = new CheckRunner.Ran(
                List.of(result("make-test", "make", CheckKind.TEST, "failed")),
                List.of("make-test failed"),
                List.of(),
                Map.of("make-test", new CheckRunner.CheckTests(counted, true)));
        assertThat(JobFailures.of(ran, all))
                .containsExactly(
                        new JobFailure("make-test", true, List.of(), 1, false),
                        new JobFailure(JobFailures.NO_CHECK, true, List.of("tests.T.test_c"), 1, false));
    }

    @Test
    void theBaseCommitPreparesATestCheckWithItsProfilesFetchAndBuild() {
        Check fetch = check("maven-fetch", "maven", CheckKind.FETCH);
        Check lint = check("maven-lint", "maven", CheckKind.LINT);
        Check build = check("maven-build", "maven", CheckKind.BUILD);
        Check test = check("maven-test", "maven", CheckKind.TEST);
        Check npmFetch = check("npm-fetch", "npm", CheckKind.FETCH);
        Check scan = check("maven-scan", "maven", CheckKind.SCAN);
        assertThat(Baseline.withPreparation(List.of(fetch, lint, build, test, npmFetch, scan), List.of(test)))
                .containsExactly(fetch, build, test);
        assertThat(Baseline.withPreparation(List.of(fetch, lint, build, test), List.of(lint)))
                .containsExactly(fetch, lint);
    }
}
