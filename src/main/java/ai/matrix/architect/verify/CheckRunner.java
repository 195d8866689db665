package ai.matrix.architect.verify;

import ai.matrix.architect.artifact.Artifacts;
import ai.matrix.architect.ecosystem.Check;
import ai.matrix.architect.ecosystem.CheckKind;
import ai.matrix.architect.ecosystem.Ecosystems;
import ai.matrix.architect.ecosystem.TestReport;
import ai.matrix.architect.engine.StageContext;
import ai.matrix.architect.evidence.EvidenceRecorder;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.sandbox.OutputExcerpt;
import ai.matrix.architect.sandbox.SandboxException;
import ai.matrix.architect.sandbox.SandboxRequest;
import ai.matrix.architect.sandbox.SandboxResult;
import ai.matrix.architect.sandbox.Sandboxes;
import ai.matrix.architect.sandbox.SecretFiles;
import ai.matrix.architect.sandbox.egress.RegistryAccess;
import ai.matrix.architect.secret.SecretException;
import ai.matrix.architect.secret.Secrets;
import ai.matrix.architect.verify.truth.RunnerSummaries;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * VERIFY's run step: the checks one after another in the sandbox, each recorded with its status, duration and
 * log. A check whose toolchain is missing, a scan the job turned off, and the checks of a profile after one of its
 * non-test checks failed are skipped with the reason.
 */
@Component
class CheckRunner {
    /** A fetch check that goes out only through the egress proxy. */
    static final String FETCH_PROXY_NOTE =
            "[matrix-architect] fetch or scan check: no network; the only way out is the egress"
                    + " proxy, which allows only the registry hosts of the profile and logs every request";
    /** A fetch check that cannot use the proxy (its profile has no allow-list, or the sandbox cannot route it). */
    static final String FETCH_NETWORK_NOTE =
            "[matrix-architect] fetch or scan check: the registry is reached WITH network access because ";

    /**
     * Where and for whom the checks run; {@code label} goes into the names of their log artifacts ("" for the
     * job's own checks, {@code base-} for the baseline's run on the base commit).
     */
    record Target(Job job, Path workTree, Path cache, String cacheKey, StageContext ctx, String label) {
        Target(Job job, Path workTree, Path cache, String cacheKey, StageContext ctx) {
            this(job, workTree, cache, cacheKey, ctx, "");
        }
    }

    /**
     * The tests one test check left: its report, and whether the counts are only the runner's summary (no
     * per-test names).
     */
    record CheckTests(TestReport report, boolean summaryOnly) {}

    /**
     * What the checks did: one result each, the failures' sentences, test suites that only their output held, and
     * each test check's own tests by check name.
     */
    record Ran(
            List<VerifyOutput.CheckResult> results,
            List<String> failures,
            List<TestReport.Suite> fromLogs,
            Map<String, CheckTests> tests) {}

    private final Sandboxes sandboxes;
    private final Artifacts artifacts;
    private final EvidenceRecorder evidence;
    private final Secrets secrets;

    CheckRunner(Sandboxes sandboxes, Artifacts artifacts, EvidenceRecorder evidence, Secrets secrets) {
        this.sandboxes = sandboxes;
        this.artifacts = artifacts;
        this.evidence = evidence;
        this.secrets = secrets;
    }

    Ran runAll(Target t, List<Check> checks) throws IOException {
        List<VerifyOutput.CheckResult> results = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<TestReport.Suite> fromLogs = new ArrayList<>();
        Map<String, CheckTests> tests = new LinkedHashMap<>();
        Set<String> brokenProfiles = new HashSet<>();
        for (Check check : checks) {
            String skip = skipReason(t.job(), check, brokenProfiles);
            if (skip != null) {
                t.ctx().log().line("== check " + check.name() + " skipped: " + skip);
                results.add(VerifyOutput.CheckResult.skipped(check, skip));
                continue;
            }
            Done done = run(t, check, fromLogs);
            results.add(done.result());
            if (done.tests() != null) tests.put(check.name(), done.tests());
            if (done.failure() != null) {
                failures.add(done.failure());
                if (check.kind() != CheckKind.TEST) brokenProfiles.add(check.profile());
            }
        }
        return new Ran(results, failures, fromLogs, tests);
    }

    private String skipReason(Job job, Check check, Set<String> brokenProfiles) {
        if (check.unavailable() != null) return check.unavailable();
        if (check.kind() == CheckKind.SCAN && !check.isCustom() && !evidence.scans(job)) {
            return "the vulnerability scan is off for this job (security_scan or ENABLE_SECURITY_SCAN)";
        }
        if (brokenProfiles.contains(check.profile()) && !check.isCustom()) {
            return "an earlier check of the " + check.profile() + " profile failed";
        }
        return null;
    }

    /** One check's result, the sentence saying why it failed (null when it passed), its tests (test checks). */
    private record Done(VerifyOutput.CheckResult result, String failure, CheckTests tests) {}

    private Done run(Target t, Check check, List<TestReport.Suite> fromLogs) throws IOException {
        CheckRoute route = CheckRoute.of(t.job(), check, t.cache(), sandboxes.egressProxySupported());
        logRoute(t.ctx(), check, route);
        StringBuilder output = new StringBuilder();
        OutputExcerpt excerpt = new OutputExcerpt(8);
        Consumer<String> sink = line -> {
            t.ctx().log().line(line);
            excerpt.accept(line);
            if (output.length() < (32 << 20)) output.append(line).append('\n');
        };
        // the file system's time, not the Clock bean's: reports written since t0 are found by their mtime
        Instant t0 = Instant.now();
        VerifyOutput.CheckResult r;
        String failure = null;
        try {
            SandboxResult result = execute(t, check, route, sink);
            t.ctx().log().line("[" + check.name() + ": " + result.describe() + "]");
            r = VerifyOutput.CheckResult.ran(check, t0, route.network(), route.proxied(), result, null);
            if (!result.succeeded()) failure = failure(check, result) + excerpt.asSuffix();
        } catch (SecretException e) {
            failure = "check '" + check.name() + "' cannot have its secrets: " + e.getMessage();
            r = error(t, check, route, t0, failure);
        } catch (SandboxException e) {
            failure = "the sandbox could not run check '" + check.name() + "': " + e.getMessage();
            r = error(t, check, route, t0, failure);
        }
        long duration = Duration.between(t0, Instant.now()).toMillis();
        CheckTests own = check.kind() == CheckKind.TEST ? testsOf(t, check, t0, output.toString(), fromLogs) : null;
        String log = artifacts
                .putText(
                        t.job().id(),
                        "VERIFY",
                        "verify-" + t.label() + check.name() + ".log",
                        "log",
                        "text/plain",
                        output.toString())
                .id();
        return new Done(r.finished(duration, own == null ? null : TestReports.counts(own.report()), log), failure, own);
    }

    /** The tests a test check left since {@code t0}: its reports, else its output's summary lines. */
    private static CheckTests testsOf(Target t, Check check, Instant t0, String output, List<TestReport.Suite> fromLogs)
            throws IOException {
        List<TestReport.Suite> mine = Ecosystems.named(check.profile())
                .map(e -> e.testReportsInLog(check.name(), output))
                .orElse(List.of());
        TestReport found = TestReports.collect(t.workTree(), t0, mine);
        boolean summaryOnly = false;
        if (found.total() == 0) {
            // no report in any format: the runner's own summary lines are the evidence left
            var counted = RunnerSummaries.parse(output.lines().toList());
            if (counted.isPresent()) {
                mine = List.of(TestReports.fromSummary(check.name(), counted.get()));
                found = TestReport.of(mine);
                summaryOnly = true;
                t.ctx()
                        .log()
                        .line("[matrix-architect] tests of " + check.name() + " "
                                + counted.get().source()
                                + " (" + counted.get().runner() + "): " + found.passed() + " passed, "
                                + found.failed()
                                + " failed, " + found.skipped() + " skipped");
            }
        }
        fromLogs.addAll(mine);
        return new CheckTests(found, summaryOnly);
    }

    private static VerifyOutput.CheckResult error(Target t, Check check, CheckRoute route, Instant t0, String failure) {
        t.ctx().log().line("[" + failure + "]");
        return VerifyOutput.CheckResult.ran(check, t0, route.network(), route.proxied(), null, failure);
    }

    private void logRoute(StageContext ctx, Check check, CheckRoute route) {
        ctx.log().line("== check " + check.name() + " (" + check.kind() + route.describe() + ")");
        if (route.proxied()) {
            ctx.log().line(FETCH_PROXY_NOTE);
        } else if (route.needsRegistry()) {
            ctx.log()
                    .line(FETCH_NETWORK_NOTE
                            + (route.registry().isPresent()
                                    ? "the " + sandboxes.describe() + " sandbox cannot route it through the egress"
                                            + " proxy (only bwrap and docker can)"
                                    : "the " + check.profile() + " profile has no registry allow-list for the"
                                            + " egress proxy (only maven, npm, python and go have)")
                            + "; every other check runs without network");
        }
        ctx.log().line("$ " + check.command());
    }

    /** Runs the check in the sandbox with its secrets, the project's cache and the route's network. */
    private SandboxResult execute(Target t, Check check, CheckRoute route, Consumer<String> sink)
            throws SecretException, SandboxException {
        Map<String, String> env = new LinkedHashMap<>(check.env());
        Map<String, String> secretEnv = Map.of();
        if (!check.secrets().isEmpty()) {
            // secrets reach only the checks that name them, as environment variables and as files
            secretEnv = secrets.environment(t.job().project(), check.secrets());
            env.putAll(secretEnv);
            t.ctx().log().line("secrets given to " + check.name() + ": " + check.secrets());
        }
        env = route.env(env, t.cache());
        try (SecretFiles files = sandboxes.secretFiles(secretEnv)) {
            boolean egress = sandboxes.egressProxySupported();
            Optional<RegistryAccess> twoPhase = CheckRoute.twoPhase(t.job(), check, t.cache(), egress);
            if (twoPhase.isPresent()) {
                SandboxRequest offline = sandboxes
                        .request(check.command(), t.workTree(), env, check.timeout(), false, check.image(), sink)
                        .withSecretFiles(files);
                return sandboxes.runWithDependencies(twoPhase.get(), offline, t.cacheKey());
            }
            SandboxRequest request = sandboxes
                    .request(
                            route.command(check, t.cache()),
                            t.workTree(),
                            env,
                            check.timeout(),
                            route.network(),
                            check.image(),
                            sink)
                    .withSecretFiles(files);
            if (t.cache() != null) request = request.withCache(t.cache());
            return route.proxied()
                    ? sandboxes.runThroughEgress(request, route.registry().get())
                    : sandboxes.run(request);
        }
    }

    private static String failure(Check check, SandboxResult result) {
        String command = check.command();
        String abbreviated = command.length() <= 120 ? command : command.substring(0, 117) + "...";
        return "check '" + check.name() + "' (" + abbreviated + ") failed: " + result.describe();
    }
}
