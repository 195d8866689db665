package ai.matrix.architect.verify;

import ai.matrix.architect.artifact.ArtifactInfo;
import ai.matrix.architect.artifact.Artifacts;
import ai.matrix.architect.engine.Stage;
import ai.matrix.architect.engine.StageContext;
import ai.matrix.architect.engine.StageOutcome;
import ai.matrix.architect.engine.TransientStageException;
import ai.matrix.architect.evidence.EvidenceRecorder;
import ai.matrix.architect.evidence.ResolvedDependencies;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobFacts;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.patch.PatchedWorkspaces;
import ai.matrix.architect.plan.RepoConfig;
import ai.matrix.architect.plan.RepoConfigException;
import ai.matrix.architect.sandbox.SandboxException;
import ai.matrix.architect.sandbox.SandboxRequest;
import ai.matrix.architect.sandbox.SandboxResult;
import ai.matrix.architect.sandbox.Sandboxes;
import ai.matrix.architect.sandbox.SecretFiles;
import ai.matrix.architect.sandbox.egress.Ecosystem;
import ai.matrix.architect.secret.SecretException;
import ai.matrix.architect.secret.Secrets;
import ai.matrix.architect.workspace.GitCommandException;
import ai.matrix.architect.workspace.RepoLocator;
import ai.matrix.architect.workspace.Workspace;
import java.nio.file.Files;
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
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * VERIFY: the checks (the request's commands, the plan's, {@code .matrix-architect.yml}'s, or the auto-detected
 * profiles') run one after another in the sandbox on the patched workspace, each recorded with its status,
 * duration and log; test reports of every ecosystem become one result; then the SBOM, the vulnerability scan,
 * the signed attestations and the evidence bundle are recorded (see {@link EvidenceRecorder}).
 */
@Component
class VerifyStage implements Stage {
    /** A fetch check that goes out only through the egress proxy. */
    static final String FETCH_PROXY_NOTE =
            "[matrix-architect] fetch or scan check: no network; the only way out is the egress"
                    + " proxy, which allows only the registry hosts of the profile and logs every request";
    /** A fetch check that cannot use the proxy (its profile has no allow-list, or the sandbox cannot route it). */
    static final String FETCH_NETWORK_NOTE =
            "[matrix-architect] fetch or scan check: the registry is reached WITH network access because ";

    private final PatchedWorkspaces patched;
    private final Sandboxes sandboxes;
    private final Artifacts artifacts;
    private final EvidenceRecorder evidence;
    private final RepoLocator locator;
    private final ObjectMapper json;
    private final Secrets secrets;

    VerifyStage(
            PatchedWorkspaces patched,
            Sandboxes sandboxes,
            Artifacts artifacts,
            EvidenceRecorder evidence,
            RepoLocator locator,
            ObjectMapper json,
            Secrets secrets) {
        this.patched = patched;
        this.sandboxes = sandboxes;
        this.artifacts = artifacts;
        this.evidence = evidence;
        this.locator = locator;
        this.json = json;
        this.secrets = secrets;
    }

    @Override
    public StageName name() {
        return StageName.VERIFY;
    }

    @Override
    public StageOutcome run(StageContext ctx) throws Exception {
        Job job = ctx.job();
        Workspace ws;
        try {
            ws = patched.of(job);
        } catch (GitCommandException e) {
            if (e.isTransient()) throw new TransientStageException(e.getMessage(), e);
            return StageOutcome.failed(e.getMessage());
        }
        Path root = ws.workTree();
        CheckPlanner.Planned planned;
        try {
            planned = CheckPlanner.plan(job, root, RepoConfig.read(root, json));
        } catch (RepoConfigException e) {
            ctx.log().line(e.getMessage());
            return StageOutcome.failed(e.getMessage());
        }
        List<Check> checks = planned.checks();
        if (checks.isEmpty()) {
            String why = "no verify checks: none in the request, the plan's steps or " + RepoConfig.FILE
                    + ", and no known build file (pom.xml, build.gradle, package.json, pyproject.toml,"
                    + " requirements.txt, go.mod, Cargo.toml, Makefile) was found";
            return job.spec().requireTests()
                    ? StageOutcome.failed(why + ", and require_tests is set")
                    : StageOutcome.skipped(why);
        }
        ctx.log().line("sandbox: " + sandboxes.describe());
        Path cache;
        try {
            cache = sandboxes.mountsCaches() ? sandboxes.projectCache(cacheKey(job)) : null;
        } catch (SandboxException e) {
            return StageOutcome.failed(e.getMessage());
        }
        ctx.log()
                .line(
                        cache != null
                                ? "dependency cache: shared by this project's jobs on this repository, mounted at "
                                        + SandboxRequest.CACHE_MOUNT + " ($" + Ecosystem.CACHE_ENV + ")"
                                : "dependency cache: inside the workspace (" + ResolvedDependencies.WORKSPACE_CACHE
                                        + "), as the " + sandboxes.describe() + " sandbox mounts no shared cache");
        ctx.log()
                .line("checks from " + planned.source() + ": "
                        + String.join(", ", checks.stream().map(Check::name).toList()));
        Instant start = Instant.now();
        ArrayNode results = json.createArrayNode();
        List<String> failures = new ArrayList<>();
        Set<String> brokenProfiles = new HashSet<>();
        List<TestReport.Suite> extraSuites = new ArrayList<>();
        for (Check check : checks) {
            ObjectNode r = results.addObject();
            r.put("name", check.name());
            r.put("profile", check.profile());
            r.put("kind", check.kind());
            r.put("command", check.command());
            if (check.unavailable() != null) {
                skip(r, check.unavailable(), ctx);
                continue;
            }
            if (check.kind().equals("scan") && !check.profile().equals("custom") && !evidence.scans(job)) {
                skip(r, "the vulnerability scan is off for this job (security_scan or ENABLE_SECURITY_SCAN)", ctx);
                continue;
            }
            if (brokenProfiles.contains(check.profile()) && !check.profile().equals("custom")) {
                skip(r, "an earlier check of the " + check.profile() + " profile failed", ctx);
                continue;
            }
            String failure = runCheck(job, ws, check, cache, r, ctx, extraSuites);
            if (failure != null) {
                failures.add(failure);
                if (!check.kind().equals("test")) brokenProfiles.add(check.profile());
            }
        }
        TestReport report = collect(root, start, extraSuites);
        ObjectNode ev = json.createObjectNode();
        ObjectNode tests = ev.putObject("tests");
        tests.put("passed", report.passed());
        tests.put("failed", report.failed());
        tests.put("skipped", report.skipped());
        ev.set("checks", results);
        if (!report.suites().isEmpty()) {
            ArtifactInfo rep = artifacts.putText(
                    job.id(),
                    "VERIFY",
                    "test-report.json",
                    "report",
                    "application/json",
                    json.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            ev.put("test_report", rep.id());
        }
        String counts = report.passed() + " passed, " + report.failed() + " failed, " + report.skipped() + " skipped";
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
        String verdict = verdict(job, failures, report, counts, checks.size());
        EvidenceRecorder.Verification v = new EvidenceRecorder.Verification(
                job,
                root,
                repositoryUri(job),
                job.baseCommit(),
                ws.head(),
                start,
                sandboxes.describe(),
                ev,
                verdict == null,
                cache);
        evidence.sbomAndScan(v, ev, ctx.log()::line);
        ctx.log().flush();
        ArtifactInfo log = artifacts.putText(
                job.id(), "VERIFY", "verify.log", "log", "text/plain", ctx.log().text());
        ev.put("log", log.id());
        evidence.attestAndBundle(v, ev, ctx.log()::line);
        ObjectNode out = json.createObjectNode();
        out.set("evidence", ev);
        JobFacts facts = JobFacts.evidence(ev);
        if (verdict != null) return new StageOutcome.Failed(verdict, out, facts);
        String summary = report.total() == 0 ? checks.size() + " check(s) passed; no test report" : counts;
        return new StageOutcome.Succeeded(summary, out, facts);
    }

    /**
     * The request's first command, when the request names an ecosystem in {@code verify.profile} and gives no
     * network, fetches its dependencies through the egress proxy into the project's cache and then runs offline.
     */
    private Optional<Ecosystem> egressEcosystem(Job job, Check check, Path cache) {
        if (job.spec().allowNetwork()
                || job.spec().verify() == null
                || !check.name().equals("command-1")
                || cache == null
                || !sandboxes.egressProxySupported()) {
            return Optional.empty();
        }
        return Ecosystem.forProfile(job.spec().verify().profile());
    }

    /**
     * The key of a job's dependency cache: its project and its repository (without credentials), so that no job
     * reads what another project's job wrote.
     */
    private String cacheKey(Job job) {
        return job.project() + "\n" + repositoryUri(job);
    }

    private String runCheck(
            Job job,
            Workspace ws,
            Check check,
            Path cache,
            ObjectNode r,
            StageContext ctx,
            List<TestReport.Suite> extraSuites)
            throws java.io.IOException {
        Optional<Ecosystem> ecosystem = Ecosystem.forProfile(check.profile());
        boolean registry = check.usesRegistry() && !job.spec().allowNetwork();
        // a fetch or scan check of an ecosystem with a registry allow-list goes out only through the egress proxy
        boolean proxied = registry && ecosystem.isPresent() && cache != null && sandboxes.egressProxySupported();
        boolean network = job.spec().allowNetwork() || (registry && !proxied);
        Ecosystem.Phase phase = proxied
                ? Ecosystem.Phase.FETCH_VIA_PROXY
                : check.usesRegistry() ? Ecosystem.Phase.FETCH_DIRECT : Ecosystem.Phase.OFFLINE;
        ctx.log()
                .line("== check " + check.name() + " (" + check.kind()
                        + (network ? ", network allowed" : proxied ? ", egress proxy only" : ", no network") + ")");
        if (proxied) {
            ctx.log().line(FETCH_PROXY_NOTE);
        } else if (registry) {
            ctx.log()
                    .line(FETCH_NETWORK_NOTE
                            + (ecosystem.isPresent()
                                    ? "the " + sandboxes.describe() + " sandbox cannot route it through the egress"
                                            + " proxy (only bwrap and docker can)"
                                    : "the " + check.profile() + " profile has no registry allow-list for the"
                                            + " egress proxy (only maven, npm, python and go have)")
                            + "; every other check runs without network");
        }
        ctx.log().line("$ " + check.command());
        StringBuilder own = new StringBuilder();
        Instant t0 = Instant.now();
        r.put("started_at", t0.toString());
        r.put("network", network);
        if (proxied) r.put("egress_proxy", true);
        SandboxResult result;
        String failure = null;
        try {
            Map<String, String> env = new LinkedHashMap<>(check.env());
            Map<String, String> secretEnv = Map.of();
            if (!check.secrets().isEmpty()) {
                // secrets reach only the checks that name them, as environment variables and as files
                secretEnv = secrets.environment(job.project(), check.secrets());
                env.putAll(secretEnv);
                ctx.log().line("secrets given to " + check.name() + ": " + check.secrets());
            }
            Consumer<String> sink = line -> {
                ctx.log().line(line);
                if (own.length() < (32 << 20)) own.append(line).append('\n');
            };
            String command = check.command();
            if (cache != null) {
                if (ecosystem.isPresent()) {
                    command = ecosystem.get().preamble(phase) + command;
                    env = new LinkedHashMap<>(ecosystem.get().merged(phase, env));
                } else {
                    env.put(Ecosystem.CACHE_ENV, SandboxRequest.CACHE_MOUNT);
                }
            }
            try (SecretFiles files = sandboxes.secretFiles(secretEnv)) {
                SandboxRequest request = sandboxes
                        .request(command, ws.workTree(), env, check.timeout(), network, check.image(), sink)
                        .withSecretFiles(files);
                if (cache != null) request = request.withCache(cache);
                Optional<Ecosystem> twoPhase = egressEcosystem(job, check, cache);
                result = twoPhase.isPresent()
                        ? sandboxes.runWithDependencies(
                                twoPhase.get(),
                                sandboxes
                                        .request(
                                                check.command(),
                                                ws.workTree(),
                                                env,
                                                check.timeout(),
                                                false,
                                                check.image(),
                                                sink)
                                        .withSecretFiles(files),
                                cacheKey(job))
                        : proxied ? sandboxes.runThroughEgress(request, ecosystem.get()) : sandboxes.run(request);
            }
            r.put("exit_code", result.exitCode());
            r.put("status", result.succeeded() ? "passed" : "failed");
            if (result.timedOut()) r.put("timed_out", true);
            if (result.outputTruncated()) r.put("output_truncated", true);
            ctx.log().line("[" + check.name() + ": " + result.describe() + "]");
            if (!result.succeeded()) {
                failure = "check '" + check.name() + "' (" + abbreviate(check.command()) + ") failed: "
                        + result.describe();
            }
        } catch (SecretException e) {
            r.put("status", "error");
            r.put("error", e.getMessage());
            failure = "check '" + check.name() + "' cannot have its secrets: " + e.getMessage();
            ctx.log().line("[" + failure + "]");
        } catch (SandboxException e) {
            r.put("status", "error");
            r.put("error", e.getMessage());
            failure = "the sandbox could not run check '" + check.name() + "': " + e.getMessage();
            ctx.log().line("[" + failure + "]");
        }
        r.put("duration_ms", Duration.between(t0, Instant.now()).toMillis());
        if (check.profile().equals("cargo") && check.kind().equals("test")) {
            extraSuites.addAll(ToolReports.cargoLog(own.toString(), check.name()));
        }
        if (check.kind().equals("test")) {
            TestReport mine = collect(
                    ws.workTree(),
                    t0,
                    check.profile().equals("cargo") ? ToolReports.cargoLog(own.toString(), check.name()) : List.of());
            ObjectNode t = r.putObject("tests");
            t.put("passed", mine.passed());
            t.put("failed", mine.failed());
            t.put("skipped", mine.skipped());
        }
        ArtifactInfo log = artifacts.putText(
                job.id(), "VERIFY", "verify-" + check.name() + ".log", "log", "text/plain", own.toString());
        r.put("log", log.id());
        return failure;
    }

    private static void skip(ObjectNode r, String reason, StageContext ctx) {
        r.put("status", "skipped");
        r.put("reason", reason);
        ctx.log().line("== check " + r.get("name").asString() + " skipped: " + reason);
    }

    private static TestReport collect(Path root, Instant since, List<TestReport.Suite> extra)
            throws java.io.IOException {
        List<TestReport.Suite> suites =
                new ArrayList<>(JUnitReports.collect(root, since).suites());
        Path go = root.resolve(Profiles.REPORTS).resolve("go-test.jsonl");
        if (Files.isRegularFile(go)
                && !Files.getLastModifiedTime(go).toInstant().isBefore(since.minusSeconds(2))) {
            suites.addAll(ToolReports.goTestJson(go, root));
        }
        suites.addAll(extra);
        return ToolReports.merge(suites);
    }

    private static String verdict(Job job, List<String> failures, TestReport report, String counts, int checks) {
        String firstFailure = null;
        for (TestReport.Suite s : report.suites()) {
            for (TestReport.Case c : s.cases()) {
                if (c.status().equals("failed") && firstFailure == null) {
                    firstFailure = (c.classname() == null ? "" : c.classname() + ".") + c.name()
                            + (c.file() == null ? "" : " at " + c.file()) + ": " + c.message();
                }
            }
        }
        String tests = report.failed() > 0
                ? report.failed() + " test(s) failed (" + counts + "); first: " + firstFailure
                : report.total() > 0 ? counts : null;
        if (!failures.isEmpty()) {
            return failures.get(0)
                    + (failures.size() > 1 ? " (and " + (failures.size() - 1) + " more failed check(s))" : "")
                    + (tests == null ? "" : "; " + tests);
        }
        if (report.failed() > 0) return tests;
        if (report.total() == 0 && job.spec().requireTests()) {
            return "the " + checks + " check(s) succeeded but no test ran: no test report was written, and"
                    + " require_tests is set";
        }
        return null;
    }

    private static String abbreviate(String command) {
        return command.length() <= 120 ? command : command.substring(0, 117) + "...";
    }

    private String repositoryUri(Job job) {
        try {
            return locator.locate(job.spec().repo()).url().replaceFirst("//[^/@]+@", "//");
        } catch (RuntimeException e) {
            return job.repoDisplay();
        }
    }
}
