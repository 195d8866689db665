package ai.matrix.architect.verify;

import ai.matrix.architect.ecosystem.Check;
import ai.matrix.architect.ecosystem.CheckKind;
import ai.matrix.architect.ecosystem.TestReport;
import ai.matrix.architect.engine.StageContext;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobStore;
import ai.matrix.architect.verify.FailureClassification.BaseRun;
import ai.matrix.architect.verify.FailureClassification.JobFailure;
import ai.matrix.architect.workspace.SandboxGit;
import ai.matrix.architect.workspace.Workspace;
import ai.matrix.architect.workspace.Workspaces;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * VERIFY's baseline: when checks fail, the same checks run on the job's base commit (in a work tree of that commit
 * beside the job's, with the checks of their profile that prepare them: fetch and build), each result cached per
 * base commit and check ({@link BaselineCache}), and every failure is classified as new or already failing
 * ({@link FailureClassification}). {@code architect.verify.baseline}: {@code compare} (default) or {@code off}.
 */
@Component
class Baseline {
    /** The directory beside the job's workspace that holds the base commit's work tree while its checks run. */
    static final String DIR = "base";

    /** What VERIFY ran and where: the job's workspace, its checks, what they did, the dependency cache. */
    record Request(
            StageContext ctx,
            Workspace workspace,
            List<Check> checks,
            CheckRunner.Ran ran,
            TestReport report,
            String repository,
            Path cache,
            String cacheKey) {}

    /** The evidence's {@code baseline} and the classification it was made from. */
    record Compared(VerifyOutput.Baseline evidence, FailureClassification classification) {}

    private final Workspaces workspaces;
    private final CheckRunner runner;
    private final BaselineCache cache;
    private final boolean compare;
    private final boolean rerun;
    private final JobStore jobs;

    Baseline(
            Workspaces workspaces,
            CheckRunner runner,
            BaselineCache cache,
            @Value("${architect.verify.baseline:compare}") String mode,
            @Value("${architect.verify.rerun-new-failures:true}") boolean rerun,
            JobStore jobs) {
        if (!mode.equals("compare") && !mode.equals("off")) {
            throw new IllegalArgumentException(
                    "ARCHITECT_VERIFY_BASELINE (architect.verify.baseline) must be compare or off, not '" + mode + "'");
        }
        this.workspaces = workspaces;
        this.runner = runner;
        this.cache = cache;
        this.compare = mode.equals("compare");
        this.rerun = rerun;
        this.jobs = jobs;
    }

    /** The comparison of the failures with the base commit; empty when nothing failed or the comparison is off. */
    Optional<Compared> compare(Request r) throws IOException {
        List<JobFailure> failures = JobFailures.of(r.ran(), r.report());
        if (failures.isEmpty()) return Optional.empty();
        Job job = r.ctx().job();
        if (!compare) {
            r.ctx().log().line("baseline: off (ARCHITECT_VERIFY_BASELINE), failures are not compared");
            return Optional.empty();
        }
        Optional<String> why = whyNotCompared(job);
        if (why.isPresent()) return Optional.of(notCompared(failures, why.get()));
        String base = job.baseCommit();
        r.ctx().log().line("baseline: comparing " + failures.size() + " failure(s) with the base commit " + base);
        Map<String, Check> byName = new LinkedHashMap<>();
        for (Check c : r.checks()) byName.put(c.name(), c);
        Map<String, BaseRun> runs = new LinkedHashMap<>();
        List<VerifyOutput.BaseCheck> baseChecks = new ArrayList<>();
        List<Check> missing = new ArrayList<>();
        for (JobFailure f : failures) {
            Check check = byName.get(f.check());
            if (check == null || !f.ran()) continue;
            Optional<BaseRun> cached = cache.find(key(r, base, check));
            if (cached.isPresent()) {
                runs.put(check.name(), cached.get());
                baseChecks.add(
                        new VerifyOutput.BaseCheck(check.name(), cached.get().status(), true, null, null));
                r.ctx()
                        .log()
                        .line("baseline: " + check.name() + " on the base commit, from the cache: "
                                + describe(cached.get()));
            } else {
                missing.add(check);
            }
        }
        if (!missing.isEmpty()) runOnBase(r, base, missing, runs, baseChecks);
        FailureClassification c = FailureClassification.classify(failures, runs);
        if (rerun
                && !c.newFailures().isEmpty()
                && !Thread.currentThread().isInterrupted()
                && !jobs.cancelRequested(job.id())) {
            c = c.withFlaky(passedAgain(r, byName, failures, c.newFailures()));
        }
        VerifyOutput.Baseline evidence = new VerifyOutput.Baseline(
                base,
                "compared",
                null,
                capped(c.newFailures()),
                capped(c.preexisting()),
                FailureClassification.count(c.newFailures()),
                FailureClassification.count(c.preexisting()),
                capped(c.flaky()),
                FailureClassification.count(c.flaky()),
                baseChecks,
                c.summary());
        r.ctx().log().line("baseline: " + c.summary());
        return Optional.of(new Compared(evidence, c));
    }

    /** Why the failures are not compared with the base commit, or empty when they are. */
    private Optional<String> whyNotCompared(Job job) {
        // cancelled or stopping: nothing more runs for this stage
        if (Thread.currentThread().isInterrupted() || jobs.cancelRequested(job.id())) {
            return Optional.of("the stage was interrupted");
        }
        if (job.baseCommit() == null) return Optional.of("the job has no base commit");
        // a job that changed nothing verifies the base commit itself: its failures are there, and they count
        if (job.baseCommit().equals(job.resultCommit())) {
            return Optional.of("the job changed nothing: its commit is the base commit");
        }
        return Optional.empty();
    }

    /**
     * Runs the test checks with new failures once more on the job's own commit, as the project's CI would retry
     * them, and returns the new failures that passed this time: a failing test that passes when run again on the
     * same commit is not evidence that the change broke it (a timing-sensitive test on a loaded machine). A check
     * failure without per-test results counts as passed again only when the whole check passed.
     */
    private List<VerifyOutput.Failure> passedAgain(
            Request r, Map<String, Check> byName, List<JobFailure> failures, List<VerifyOutput.Failure> newFailures)
            throws IOException {
        // only checks that ran and failed: one the sandbox could not run (or that was interrupted) is not retried
        java.util.Set<String> failedRunning = new java.util.HashSet<>();
        for (JobFailure f : failures) if (f.ran()) failedRunning.add(f.check());
        List<Check> again = newFailures.stream()
                .filter(f -> failedRunning.contains(f.check()))
                .map(f -> byName.get(f.check()))
                .filter(c -> c != null && c.kind() == CheckKind.TEST)
                .distinct()
                .toList();
        if (again.isEmpty()) return List.of();
        Job job = r.ctx().job();
        r.ctx()
                .log()
                .line("baseline: once more on the job's commit, to tell new failures from flaky ones: "
                        + String.join(", ", again.stream().map(Check::name).toList()));
        CheckRunner.Ran ran;
        try (SandboxGit git = r.workspace().sandboxGit()) {
            ran = runner.runAll(
                    new CheckRunner.Target(job, r.workspace().workTree(), r.cache(), r.cacheKey(), r.ctx(), "again-"),
                    again);
        } catch (RuntimeException e) {
            r.ctx().log().line("baseline: the checks could not run again: " + e.getMessage());
            return List.of();
        }
        List<VerifyOutput.Failure> passed = new ArrayList<>();
        for (VerifyOutput.Failure f : newFailures) {
            VerifyOutput.CheckResult result = ran.results().stream()
                    .filter(x -> x.name().equals(f.check()))
                    .findFirst()
                    .orElse(null);
            if (result == null) continue;
            BaseRun second = JobFailures.baseRun(result, ran.tests().get(f.check()));
            boolean passedNow = f.test() == null
                    ? second.status().equals("passed")
                    : second.comparable()
                            && second.perTest()
                            && !second.failedTests().contains(f.test());
            if (passedNow) passed.add(f);
        }
        r.ctx()
                .log()
                .line("baseline: "
                        + (passed.isEmpty()
                                ? "every new failure failed again"
                                : passed.size()
                                        + " new failure(s) passed the second time (flaky): "
                                        + FailureClassification.listed(passed)));
        return passed;
    }

    private static String key(Request r, String base, Check check) {
        return BaselineCache.key(r.ctx().job().project(), r.repository(), base, check);
    }

    /** Runs the checks not in the cache (with their preparing checks) on the base commit, and caches them. */
    private void runOnBase(
            Request r, String base, List<Check> missing, Map<String, BaseRun> runs, List<VerifyOutput.BaseCheck> out)
            throws IOException {
        Job job = r.ctx().job();
        List<Check> toRun = withPreparation(r.checks(), missing);
        r.ctx()
                .log()
                .line("baseline: running "
                        + String.join(", ", toRun.stream().map(Check::name).toList()) + " on the base commit " + base);
        CheckRunner.Ran ran;
        try {
            Workspace ws = workspaces.beside(job.id(), r.workspace(), DIR, base);
            try (SandboxGit git = ws.sandboxGit()) {
                ran = runner.runAll(
                        new CheckRunner.Target(job, ws.workTree(), r.cache(), r.cacheKey(), r.ctx(), "base-"), toRun);
            }
        } catch (RuntimeException e) {
            r.ctx().log().line("baseline: the base commit could not be checked: " + e.getMessage());
            for (Check c : missing) runs.put(c.name(), BaseRun.notRun("the base commit could not be checked"));
            return;
        } finally {
            workspaces.deleteBeside(job.id(), DIR);
        }
        for (Check c : missing) {
            VerifyOutput.CheckResult result = ran.results().stream()
                    .filter(x -> x.name().equals(c.name()))
                    .findFirst()
                    .orElseThrow();
            BaseRun run = JobFailures.baseRun(result, ran.tests().get(c.name()));
            runs.put(c.name(), run);
            cache.put(key(r, base, c), base, c.name(), job.id(), run);
            out.add(new VerifyOutput.BaseCheck(c.name(), run.status(), false, result.tests(), result.log()));
            r.ctx().log().line("baseline: " + c.name() + " on the base commit: " + describe(run));
        }
    }

    /**
     * The checks to run on the base commit: the failed ones, and before each the fetch and build checks of its
     * profile that precede it (a test check needs its dependencies and its build), in the job's order.
     */
    static List<Check> withPreparation(List<Check> checks, List<Check> failed) {
        List<Check> out = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            Check c = checks.get(i);
            boolean prepares = (c.kind() == CheckKind.FETCH || c.kind() == CheckKind.BUILD)
                    && checks.subList(i + 1, checks.size()).stream()
                            .anyMatch(later ->
                                    failed.contains(later) && later.profile().equals(c.profile()));
            if (failed.contains(c) || prepares) out.add(c);
        }
        return out;
    }

    private static String describe(BaseRun run) {
        if (!run.comparable()) return run.status();
        return run.status()
                + (run.perTest() ? ", " + run.failedCount() + " failing test(s)" : "")
                + (run.failedTests().isEmpty()
                        ? ""
                        : ": "
                                + String.join(
                                        ", ",
                                        run.failedTests()
                                                .subList(
                                                        0,
                                                        Math.min(
                                                                5,
                                                                run.failedTests()
                                                                        .size())))
                                + (run.failedTests().size() > 5 ? ", …" : ""));
    }

    private static Compared notCompared(List<JobFailure> failures, String why) {
        FailureClassification c = FailureClassification.classify(failures, Map.of());
        return new Compared(
                new VerifyOutput.Baseline(
                        null,
                        "not_compared",
                        why,
                        capped(c.newFailures()),
                        List.of(),
                        FailureClassification.count(c.newFailures()),
                        0,
                        List.of(),
                        0,
                        List.of(),
                        c.summary()),
                c);
    }

    private static List<VerifyOutput.Failure> capped(List<VerifyOutput.Failure> failures) {
        return failures.size() <= VerifyOutput.Baseline.MAX_LISTED
                ? failures
                : failures.subList(0, VerifyOutput.Baseline.MAX_LISTED);
    }
}
