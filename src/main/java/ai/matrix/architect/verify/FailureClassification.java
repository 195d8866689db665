package ai.matrix.architect.verify;

import ai.matrix.architect.verify.VerifyOutput.Failure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of a job's failures its change brought ({@code newFailures}) and which its base commit already had
 * ({@code preexisting}). A failing test is already failing when the same check, run on the base commit, failed the
 * same test (same class and name); one that passes or does not exist there is new. A failing check without
 * per-test results (a lint or build check, a runner that only printed its totals) is compared as a whole: already
 * failing when it also failed on the base commit with at least as many failing tests. Whatever could not be
 * compared (the check did not run on the base commit, the sandbox could not run it) counts as new: a failure is
 * only excused by evidence. A new failure that passed when its check ran once more on the job's own commit is
 * {@code flaky} ({@link #withFlaky}): not brought by the change as far as two runs can tell, and not excused either.
 */
record FailureClassification(List<Failure> newFailures, List<Failure> preexisting, List<Failure> flaky) {
    /**
     * A check that failed in the job.
     *
     * @param check the check's name
     * @param ran whether the sandbox ran it (false: it could not, an error)
     * @param failedTests its failing tests' keys ({@link #testKey}), empty when it has no per-test results
     * @param failedCount how many tests failed, per-test or counted from the runner's summary
     * @param stoppedOthers later checks of its profile were skipped because it failed
     */
    record JobFailure(String check, boolean ran, List<String> failedTests, int failedCount, boolean stoppedOthers) {}

    /**
     * What a check did on the base commit, as cached: {@code passed} or {@code failed} (anything else could not
     * be compared), its failing tests' keys, whether it had per-test results, how many tests failed.
     */
    record BaseRun(String status, List<String> failedTests, boolean perTest, int failedCount) {
        static BaseRun notRun(String why) {
            return new BaseRun(why, List.of(), false, 0);
        }

        boolean comparable() {
            return status.equals("passed") || status.equals("failed");
        }
    }

    /** A test's key: its class (its suite when it has none) and its name, as {@code TestCaseKey} makes it. */
    static String testKey(String owner, String name) {
        return owner == null || owner.isEmpty() ? name : owner + "." + name;
    }

    /** Classifies every failure of {@code failures} against the base commit's runs of the same checks. */
    static FailureClassification classify(List<JobFailure> failures, Map<String, BaseRun> base) {
        List<Failure> fresh = new ArrayList<>();
        List<Failure> old = new ArrayList<>();
        for (JobFailure f : failures) {
            BaseRun b = base.get(f.check());
            if (!f.ran()) {
                fresh.add(new Failure(f.check(), null, null, "not compared: the sandbox could not run the check"));
            } else if (b == null || !b.comparable()) {
                String why = "not compared: the check did not run on the base commit"
                        + (b == null ? "" : " (" + b.status() + ")");
                if (f.failedTests().isEmpty()) fresh.add(checkLevel(f, why));
                for (String t : f.failedTests()) fresh.add(new Failure(f.check(), t, 1, why));
            } else if (!f.failedTests().isEmpty()) {
                Set<String> failing = b.perTest() ? new HashSet<>(b.failedTests()) : Set.of();
                for (String t : f.failedTests()) {
                    if (failing.contains(t)) old.add(new Failure(f.check(), t, 1, "failed"));
                    else fresh.add(new Failure(f.check(), t, 1, "passed or absent"));
                }
            } else if (b.status().equals("failed") && f.failedCount() <= b.failedCount() && !f.stoppedOthers()) {
                old.add(checkLevel(f, "failed" + (b.failedCount() > 0 ? " (" + b.failedCount() + " tests)" : "")));
            } else if (b.status().equals("failed")) {
                fresh.add(checkLevel(
                        f,
                        f.stoppedOthers()
                                ? "failed, but the checks after it did not run in the job, so the change is unverified"
                                : "failed with fewer failing tests (" + b.failedCount() + ")"));
            } else {
                fresh.add(checkLevel(f, "passed"));
            }
        }
        return new FailureClassification(List.copyOf(fresh), List.copyOf(old), List.of());
    }

    /** This classification with those of its new failures that passed on the second run moved to {@code flaky}. */
    FailureClassification withFlaky(List<Failure> passedAgain) {
        List<Failure> fresh = new ArrayList<>(newFailures);
        fresh.removeAll(passedAgain);
        List<Failure> moved = new ArrayList<>(newFailures);
        moved.retainAll(passedAgain);
        return new FailureClassification(List.copyOf(fresh), preexisting, List.copyOf(moved));
    }

    private static Failure checkLevel(JobFailure f, String base) {
        return new Failure(f.check(), null, f.failedCount() > 0 ? f.failedCount() : null, base);
    }

    /**
     * No failure is new and there was at least one: each was already failing on the base commit or passed when run
     * again. VERIFY then lets GATE decide.
     */
    boolean noneNew() {
        return newFailures.isEmpty() && !(preexisting.isEmpty() && flaky.isEmpty());
    }

    /** Failing tests these failures stand for (a check without tests counts none). */
    static int tests(List<Failure> failures) {
        int n = 0;
        for (Failure f : failures) n += f.tests() == null ? 0 : f.tests();
        return n;
    }

    /** Failures counted as the evidence counts them: each failing test, and a check without tests as one. */
    static int count(List<Failure> failures) {
        int n = 0;
        for (Failure f : failures) n += f.tests() == null ? 1 : f.tests();
        return n;
    }

    /**
     * What the job says: "6 tests were already failing on the base commit", the checks that failed there as a
     * whole, and "1 new failure: test_x".
     */
    String summary() {
        List<String> parts = new ArrayList<>();
        if (!newFailures.isEmpty()) {
            parts.add(newFailures.size() + " new failure" + (newFailures.size() == 1 ? "" : "s") + ": "
                    + listed(newFailures));
        }
        if (!flaky.isEmpty()) {
            parts.add(flaky.size() + " failure" + (flaky.size() == 1 ? "" : "s")
                    + " passed when run again on the job's commit (flaky): " + listed(flaky));
        }
        int oldTests = tests(preexisting);
        if (oldTests > 0) {
            parts.add(oldTests + (oldTests == 1 ? " test was" : " tests were") + " already failing on the base commit");
        }
        List<Failure> oldChecks =
                preexisting.stream().filter(f -> f.tests() == null).toList();
        if (!oldChecks.isEmpty()) {
            parts.add("check" + (oldChecks.size() == 1 ? " " : "s ") + listed(oldChecks)
                    + (oldChecks.size() == 1 ? " was" : " were") + " already failing on the base commit");
        }
        return String.join("; ", parts);
    }

    /** The first few failures by name, and how many more there are. */
    static String listed(List<Failure> failures) {
        int shown = Math.min(5, failures.size());
        List<String> names = new ArrayList<>();
        for (Failure f : failures.subList(0, shown)) names.add(f.test() != null ? f.test() : f.check());
        return String.join(", ", names)
                + (failures.size() > shown ? " (and " + (failures.size() - shown) + " more)" : "");
    }
}
