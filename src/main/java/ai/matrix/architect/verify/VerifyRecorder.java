package ai.matrix.architect.verify;

import ai.matrix.architect.artifact.Artifacts;
import ai.matrix.architect.ecosystem.TestReport;
import ai.matrix.architect.engine.StageContext;
import ai.matrix.architect.engine.StageOutcome;
import ai.matrix.architect.evidence.EvidenceRecorder;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobFacts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * VERIFY's record step: the test report and the checks become the job's evidence, the verdict decides the
 * outcome, and the evidence recorder adds the SBOM, the scan, the stage's log, the attestations and the bundle.
 */
@Component
class VerifyRecorder {
    /** What was verified: the job's work tree at {@code head}, from {@code start}, with {@code checks} checks. */
    record Subject(
            Job job,
            Path root,
            String repository,
            String head,
            Instant start,
            String sandbox,
            Path cache,
            int checks) {}

    private final Artifacts artifacts;
    private final EvidenceRecorder evidence;
    private final ObjectMapper json;

    VerifyRecorder(Artifacts artifacts, EvidenceRecorder evidence, ObjectMapper json) {
        this.artifacts = artifacts;
        this.evidence = evidence;
        this.json = json;
    }

    /**
     * @param baseline the comparison of the failures with the base commit, null when there was none: when every
     *     failure was already failing there, VERIFY succeeds and GATE's policy decides (the evidence says which)
     */
    StageOutcome record(
            StageContext ctx, Subject s, CheckRunner.Ran ran, TestReport report, Baseline.Compared baseline) {
        Job job = s.job();
        String reportId = report.suites().isEmpty()
                ? null
                : artifacts
                        .putText(
                                job.id(),
                                "VERIFY",
                                "test-report.json",
                                "report",
                                "application/json",
                                json.writerWithDefaultPrettyPrinter().writeValueAsString(report))
                        .id();
        ObjectNode ev = VerifyOutput.Evidence.of(
                        TestReports.counts(report),
                        ran.results(),
                        reportId,
                        baseline == null ? null : baseline.evidence())
                .toJson();
        String counts = report.passed() + " passed, " + report.failed() + " failed, " + report.skipped() + " skipped";
        logTests(ctx, report, counts);
        String failed = verdict(job, ran.failures(), report, counts, s.checks());
        String verdict = failed == null || baseline == null ? failed : excused(job, failed, baseline, report, s);
        EvidenceRecorder.Verification v = new EvidenceRecorder.Verification(
                job,
                s.root(),
                s.repository(),
                job.baseCommit(),
                s.head(),
                s.start(),
                s.sandbox(),
                ev,
                failed == null,
                s.cache());
        evidence.sbomAndScan(v, ev, ctx.log()::line);
        ctx.log().flush();
        ev.put(
                "log",
                artifacts
                        .putText(
                                job.id(),
                                "VERIFY",
                                "verify.log",
                                "log",
                                "text/plain",
                                ctx.log().text())
                        .id());
        evidence.attestAndBundle(v, ev, ctx.log()::line);
        ObjectNode out = json.createObjectNode();
        out.set("evidence", ev);
        JobFacts facts = JobFacts.evidence(ev);
        if (verdict != null) return new StageOutcome.Failed(verdict, out, facts);
        String summary = report.total() == 0 ? s.checks() + " check(s) passed; no test report" : counts;
        if (failed != null) summary = counts + "; " + baseline.classification().summary();
        return new StageOutcome.Succeeded(summary, out, facts);
    }

    /**
     * The verdict once the failures are compared with the base commit: none but the "no test ran" one when every
     * failure was already failing there or passed when run again, else the new failures named before
     * {@code failed}.
     */
    private static String excused(Job job, String failed, Baseline.Compared baseline, TestReport report, Subject s) {
        FailureClassification c = baseline.classification();
        if (!c.noneNew()) return c.summary() + "; " + failed;
        return verdict(job, List.of(), TestReport.of(List.of()), "", s.checks(), report.total());
    }

    private static void logTests(StageContext ctx, TestReport report, String counts) {
        ctx.log().line("tests: " + counts);
        for (TestReport.Suite s : report.suites()) {
            for (TestReport.Case c : s.cases()) {
                if (c.status().equals("failed")) {
                    ctx.log()
                            .line("FAILED " + (c.classname() == null ? "" : c.classname() + ".") + c.name()
                                    + (c.file() == null ? "" : " (" + c.file() + ")") + ": " + c.message());
                }
            }
        }
    }

    /** Why VERIFY failed: the first failed check, else the failed tests, else no test under require_tests; null when it passed. */
    static String verdict(Job job, List<String> failures, TestReport report, String counts, int checks) {
        return verdict(job, failures, report, counts, checks, report.total());
    }

    /** The same, {@code ran} tests having run in all (failures the baseline excused are not in {@code report}). */
    private static String verdict(
            Job job, List<String> failures, TestReport report, String counts, int checks, int ran) {
        String tests = report.failed() > 0
                ? report.failed() + " test(s) failed (" + counts + "); first: " + TestReports.firstFailure(report)
                : report.total() > 0 ? counts : null;
        if (!failures.isEmpty()) {
            return failures.get(0)
                    + (failures.size() > 1 ? " (and " + (failures.size() - 1) + " more failed check(s))" : "")
                    + (tests == null ? "" : "; " + tests);
        }
        if (report.failed() > 0) return tests;
        if (ran == 0 && job.spec().requireTests()) {
            return "the " + checks + " check(s) succeeded but no test ran: no test report was written (JUnit XML,"
                    + " go test -json, cargo) and the output holds no test summary VERIFY reads (TAP, pytest, unittest,"
                    + " mocha, uvu, jest, ctest, go, cargo), and require_tests is set; have the runner write JUnit XML"
                    + " (pytest --junitxml, node --test-reporter=junit, mocha --reporter xunit, ctest"
                    + " --output-junit) or set require_tests: false";
        }
        return null;
    }
}
