package ai.matrix.architect.verify;

import ai.matrix.architect.artifact.ArtifactInfo;
import ai.matrix.architect.artifact.Artifacts;
import ai.matrix.architect.engine.Stage;
import ai.matrix.architect.engine.StageContext;
import ai.matrix.architect.engine.StageOutcome;
import ai.matrix.architect.engine.TransientStageException;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobFacts;
import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.patch.PatchedWorkspaces;
import ai.matrix.architect.plan.RepoConfig;
import ai.matrix.architect.plan.RepoConfigException;
import ai.matrix.architect.sandbox.SandboxException;
import ai.matrix.architect.sandbox.SandboxResult;
import ai.matrix.architect.sandbox.Sandboxes;
import ai.matrix.architect.workspace.GitCommandException;
import ai.matrix.architect.workspace.Workspace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * VERIFY: the verify commands (from the request, else the plan's steps, else .matrix-architect.yml) run one
 * after another in the sandbox on the patched workspace; JUnit XML reports they write become the test counts.
 */
@Component
class VerifyStage implements Stage {
    private final PatchedWorkspaces patched;
    private final Sandboxes sandboxes;
    private final Artifacts artifacts;
    private final ObjectMapper json;

    VerifyStage(PatchedWorkspaces patched, Sandboxes sandboxes, Artifacts artifacts, ObjectMapper json) {
        this.patched = patched;
        this.sandboxes = sandboxes;
        this.artifacts = artifacts;
        this.json = json;
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
        List<String> commands;
        try {
            commands = commands(job, ws);
        } catch (RepoConfigException e) {
            return StageOutcome.failed(e.getMessage());
        }
        if (commands.isEmpty()) {
            String why = "no verify commands: none in the request, the plan's steps or " + RepoConfig.FILE;
            return job.spec().requireTests()
                    ? StageOutcome.failed(why + ", and require_tests is set")
                    : StageOutcome.skipped(why);
        }
        ctx.log().line("sandbox: " + sandboxes.describe());
        Instant start = Instant.now();
        ArrayNode checks = json.createArrayNode();
        String failure = null;
        // an explicit verify.profile fetches dependencies first, through the egress proxy (issue 4)
        var ecosystem = job.spec().allowNetwork() || job.spec().verify() == null
                ? java.util.Optional.<ai.matrix.architect.sandbox.egress.Ecosystem>empty()
                : ai.matrix.architect.sandbox.egress.Ecosystem.forProfile(
                        job.spec().verify().profile());
        for (String command : commands) {
            ctx.log().line("$ " + command);
            Instant t0 = Instant.now();
            SandboxResult r;
            try {
                r = ecosystem.isPresent() && command.equals(commands.get(0))
                        ? sandboxes.runWithDependencies(
                                ecosystem.get(),
                                command,
                                ws.workTree(),
                                String.valueOf(job.spec().repo()),
                                ctx.log()::line)
                        : sandboxes.run(command, ws.workTree(), job.spec().allowNetwork(), ctx.log()::line);
            } catch (SandboxException e) {
                failure = "the sandbox could not run the command: " + e.getMessage();
                break;
            }
            ObjectNode check = checks.addObject();
            check.put("command", command);
            check.put("exit_code", r.exitCode());
            check.put(
                    "duration_ms", java.time.Duration.between(t0, Instant.now()).toMillis());
            check.put("status", r.succeeded() ? "passed" : "failed");
            if (r.timedOut()) check.put("timed_out", true);
            if (r.outputTruncated()) check.put("output_truncated", true);
            ctx.log().line("[" + r.describe() + "]");
            if (!r.succeeded()) {
                failure = "verify command '" + command + "' failed: " + r.describe();
                break;
            }
        }
        ctx.log().flush();
        TestReport report = JUnitReports.collect(ws.workTree(), start);
        ObjectNode evidence = json.createObjectNode();
        ObjectNode tests = evidence.putObject("tests");
        tests.put("passed", report.passed());
        tests.put("failed", report.failed());
        tests.put("skipped", report.skipped());
        evidence.set("checks", checks);
        ArtifactInfo log = artifacts.putText(
                job.id(), "VERIFY", "verify.log", "log", "text/plain", ctx.log().text());
        evidence.put("log", log.id());
        if (!report.suites().isEmpty()) {
            ArtifactInfo rep = artifacts.putText(
                    job.id(),
                    "VERIFY",
                    "test-report.json",
                    "report",
                    "application/json",
                    json.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            evidence.put("test_report", rep.id());
        }
        ObjectNode out = json.createObjectNode();
        out.set("evidence", evidence);
        JobFacts facts = new JobFacts(null, evidence, null, null, null);
        String counts = report.passed() + " passed, " + report.failed() + " failed, " + report.skipped() + " skipped";
        if (failure != null) {
            return new StageOutcome.Failed(failure + (report.total() > 0 ? " (" + counts + ")" : ""), out, facts);
        }
        if (report.failed() > 0) {
            return new StageOutcome.Failed(report.failed() + " test(s) failed (" + counts + ")", out, facts);
        }
        if (report.total() == 0 && job.spec().requireTests()) {
            return new StageOutcome.Failed(
                    "the verify commands succeeded but no test ran: no JUnit XML report was"
                            + " written, and require_tests is set",
                    out,
                    facts);
        }
        String summary = report.total() == 0 ? commands.size() + " command(s) passed; no test report" : counts;
        return new StageOutcome.Succeeded(summary, out, facts);
    }

    private List<String> commands(Job job, Workspace ws) throws RepoConfigException {
        JobRequest spec = job.spec();
        if (spec.verify() != null
                && spec.verify().commands() != null
                && !spec.verify().commands().isEmpty()) {
            return spec.verify().commands();
        }
        List<String> fromPlan = new ArrayList<>();
        JsonNode plan = job.plan();
        if (plan != null && plan.has("steps")) {
            for (JsonNode step : plan.get("steps")) {
                if (step.has("verify")) for (JsonNode c : step.get("verify")) fromPlan.add(c.asString());
            }
        }
        if (!fromPlan.isEmpty()) return fromPlan;
        return RepoConfig.read(ws.workTree(), json).verifyCommands();
    }
}
