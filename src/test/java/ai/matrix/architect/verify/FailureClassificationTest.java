package ai.matrix.architect.verify;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.verify.FailureClassification.BaseRun;
import ai.matrix.architect.verify.FailureClassification.JobFailure;
import ai.matrix.architect.verify.VerifyOutput.Failure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailureClassificationTest {
    private static JobFailure tests(String check, String... failed) {
        return new JobFailure(check, true, List.of(failed), failed.length, false);
    }

    private static BaseRun base(String status, String... failed) {
        return new BaseRun(status, List.of(failed), true, failed.length);
    }

    private static List<String> names(List<Failure> failures) {
        return failures.stream()
                .map(f -> f.check() + (f.test() == null ? "" : ": " + f.test()) + " (" + f.base() + ")")
                .toList();
    }

    @Test
    void aTestThatAlsoFailsOnTheBaseCommitIsAlreadyFailingOneThatPassesOrIsAbsentThereIsNew() {
        FailureClassification c = FailureClassification.classify(
                List.of(tests("python-test", "t.sub", "t.mul", "t.brand_new")),
                Map.of("python-test", base("failed", "t.sub")));
        assertThat(names(c.preexisting())).containsExactly("python-test: t.sub (failed)");
        assertThat(names(c.newFailures()))
                .containsExactly(
                        "python-test: t.mul (passed or absent)", "python-test: t.brand_new (passed or absent)");
        assertThat(c.noneNew()).isFalse();
        assertThat(c.summary())
                .isEqualTo("2 new failures: t.mul, t.brand_new; 1 test was already failing on the base commit");
    }

    @Test
    void newFailuresThatPassedWhenRunAgainAreFlakyAndNoLongerNew() {
        FailureClassification c = FailureClassification.classify(
                List.of(tests("python-test", "t.sub", "t.mul", "t.timing")),
                Map.of("python-test", base("failed", "t.sub")));
        Failure timing = c.newFailures().get(1);
        FailureClassification again = c.withFlaky(List.of(timing));
        assertThat(names(again.newFailures())).containsExactly("python-test: t.mul (passed or absent)");
        assertThat(names(again.flaky())).containsExactly("python-test: t.timing (passed or absent)");
        assertThat(again.noneNew()).isFalse();
        assertThat(again.summary())
                .isEqualTo("1 new failure: t.mul; 1 failure passed when run again on the job's commit (flaky):"
                        + " t.timing; 1 test was already failing on the base commit");

        FailureClassification allFlaky = again.withFlaky(again.newFailures());
        assertThat(allFlaky.newFailures()).isEmpty();
        assertThat(allFlaky.noneNew()).isTrue();
        // flaky only: nothing was already failing, and still a person decides
        FailureClassification onlyFlaky = FailureClassification.classify(
                        List.of(tests("python-test", "t.timing")), Map.of("python-test", base("passed")))
                .withFlaky(List.of(new Failure("python-test", "t.timing", 1, "passed or absent")));
        assertThat(onlyFlaky.noneNew()).isTrue();
        assertThat(onlyFlaky.preexisting()).isEmpty();
    }

    @Test
    void onlyOldFailuresSayHowManyTestsWereAlreadyFailing() {
        String[] six = {"t.a", "t.b", "t.c", "t.d", "t.e", "t.f"};
        FailureClassification c = FailureClassification.classify(
                List.of(tests("npm-test", six)), Map.of("npm-test", base("failed", six)));
        assertThat(c.noneNew()).isTrue();
        assertThat(c.summary()).isEqualTo("6 tests were already failing on the base commit");
        assertThat(FailureClassification.count(c.preexisting())).isEqualTo(6);
    }

    @Test
    void aCheckWithoutPerTestResultsIsComparedAsAWhole() {
        JobFailure lint = new JobFailure("python-ruff", true, List.of(), 0, false);
        FailureClassification old =
                FailureClassification.classify(List.of(lint), Map.of("python-ruff", base("failed")));
        assertThat(names(old.preexisting())).containsExactly("python-ruff (failed)");
        assertThat(old.summary()).isEqualTo("check python-ruff was already failing on the base commit");

        FailureClassification fresh =
                FailureClassification.classify(List.of(lint), Map.of("python-ruff", base("passed")));
        assertThat(names(fresh.newFailures())).containsExactly("python-ruff (passed)");
        assertThat(fresh.summary()).isEqualTo("1 new failure: python-ruff");
    }

    @Test
    void aRunnerSummaryIsOldOnlyWhenTheBaseCommitFailedAtLeastAsManyTests() {
        JobFailure counted = new JobFailure("make-test", true, List.of(), 3, false);
        BaseRun threeOnBase = new BaseRun("failed", List.of(), false, 3);
        BaseRun twoOnBase = new BaseRun("failed", List.of(), false, 2);
        FailureClassification old = FailureClassification.classify(List.of(counted), Map.of("make-test", threeOnBase));
        assertThat(old.noneNew()).isTrue();
        assertThat(old.summary()).isEqualTo("3 tests were already failing on the base commit");
        FailureClassification more = FailureClassification.classify(List.of(counted), Map.of("make-test", twoOnBase));
        assertThat(names(more.newFailures())).containsExactly("make-test (failed with fewer failing tests (2))");
    }

    @Test
    void whatCouldNotBeComparedIsNew() {
        JobFailure error = new JobFailure("custom", false, List.of(), 0, false);
        JobFailure notOnBase = tests("python-test", "t.a");
        JobFailure fetch = new JobFailure("npm-fetch", true, List.of(), 0, true);
        FailureClassification c = FailureClassification.classify(
                List.of(error, notOnBase, fetch),
                Map.of("python-test", BaseRun.notRun("skipped"), "npm-fetch", base("failed")));
        assertThat(c.preexisting()).isEmpty();
        assertThat(names(c.newFailures()))
                .containsExactly(
                        "custom (not compared: the sandbox could not run the check)",
                        "python-test: t.a (not compared: the check did not run on the base commit (skipped))",
                        "npm-fetch (failed, but the checks after it did not run in the job, so the change is"
                                + " unverified)");
    }

    @Test
    void longListsNameTheFirstFive() {
        List<Failure> many = List.of("a", "b", "c", "d", "e", "f", "g").stream()
                .map(t -> new Failure("x", t, 1, "failed"))
                .toList();
        assertThat(FailureClassification.listed(many)).isEqualTo("a, b, c, d, e (and 2 more)");
    }
}
