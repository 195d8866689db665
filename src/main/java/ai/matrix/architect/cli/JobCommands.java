package ai.matrix.architect.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** What an operator does to one job, named like the API: execute, cancel, retry, approve, reject, diff, ... */
final class JobCommands {
    private JobCommands() {}

    /** A command on one job whose answer is the job; the exit code follows the job's status. */
    abstract static class OnJob extends ClientCommand {
        @Parameters(arity = "1", paramLabel = "JOB_ID")
        String jobId;

        @Mixin
        OutputOption output;

        /** Prints the job after the action and returns the exit code of its status. */
        int report(JsonNode job, String done) {
            if (output.json()) output.printJson(out(), job);
            else out().println(jobId + " " + done + "; now " + job.get("status").asString() + ".");
            return ExitCodes.ofJobStatus(job.get("status").asString());
        }
    }

    @Command(name = "execute", description = "Queue a job waiting in 'created' (POST /api/execute/{id}).")
    static class Execute extends OnJob {
        @Override
        int execute() throws Exception {
            report(api().post("/api/execute/" + jobId, null), "queued");
            return ExitCodes.SUCCEEDED;
        }
    }

    @Command(
            name = "cancel",
            description = "Cancel a job (POST /api/jobs/{id}/cancel); a running stage's command is stopped."
                    + " Exit code 4 once cancelled.")
    static class Cancel extends OnJob {
        @Override
        int execute() throws Exception {
            JsonNode job = api().post("/api/jobs/" + jobId + "/cancel", null);
            int code = report(job, "cancel requested");
            // a running job stops at its next check: it is cancelling, not failing
            return code == ExitCodes.WAITING ? ExitCodes.SUCCEEDED : code;
        }
    }

    @Command(
            name = "retry",
            description = "Resume a failed or cancelled job at its first unfinished stage, or --from a stage"
                    + " (POST /api/jobs/{id}/retry).")
    static class Retry extends OnJob {
        @Option(
                names = "--from",
                paramLabel = "STAGE",
                description = "Run this stage and every later one again (PLAN, PATCH, VERIFY, GATE, DEPLOY, PUBLISH);"
                        + " a new diff voids the approvals of the old one")
        String from;

        @Override
        int execute() throws Exception {
            Object body = from == null ? null : Map.of("from_stage", from);
            report(api().post("/api/jobs/" + jobId + "/retry", body), "retried");
            return ExitCodes.SUCCEEDED;
        }
    }

    @Command(
            name = "approve",
            description = "Approve a job waiting at GATE (POST /api/jobs/{id}/approve). Exit code 3 when it still"
                    + " waits for another person's approval.")
    static class Approve extends OnJob {
        @Option(names = "--comment", description = "Why (kept with the approval)")
        String comment;

        @Override
        int execute() throws Exception {
            JsonNode job =
                    api().post("/api/jobs/" + jobId + "/approve", Map.of("comment", comment == null ? "" : comment));
            report(job, "approved");
            String diff = job.path("gate").path("diff").path("sha256").asString("");
            if (!output.json() && !diff.isEmpty()) out().println("the approval names diff sha256:" + diff);
            // after the last approval the job runs on; it is not "waiting" any more unless it still awaits someone
            return job.get("status").asString().equals("awaiting_approval") ? ExitCodes.WAITING : ExitCodes.SUCCEEDED;
        }
    }

    @Command(
            name = "reject",
            description = "Reject a job waiting at GATE (POST /api/jobs/{id}/reject). Exit code 4 once rejected.")
    static class Reject extends OnJob {
        @Option(names = "--reason", description = "Why (kept on the job)")
        String reason;

        @Override
        int execute() throws Exception {
            return report(
                    api().post("/api/jobs/" + jobId + "/reject", Map.of("reason", reason == null ? "" : reason)),
                    "rejected");
        }
    }

    @Command(name = "approvals", description = "Jobs waiting for a decision at GATE (GET /api/approvals).")
    static class Approvals extends ClientCommand {
        @Mixin
        OutputOption output;

        @Override
        int execute() throws Exception {
            JsonNode page = api().get("/api/approvals?status=pending");
            output.print(
                    out(),
                    page,
                    page.get("items"),
                    "No job is waiting for approval.",
                    List.of(
                            OutputOption.Column.field("ID", "id"),
                            OutputOption.Column.field("CREATED BY", "created_by"),
                            new OutputOption.Column("WAITING FOR", JobCommands::gateSummary),
                            OutputOption.Column.field("GOAL", "goal")));
            return ExitCodes.SUCCEEDED;
        }
    }

    @Command(name = "diff", description = "Print the change a job made (its patch.diff artifact).")
    static class Diff extends ClientCommand {
        @Parameters(arity = "1", paramLabel = "JOB_ID")
        String jobId;

        @Override
        int execute() throws Exception {
            out().print(new String(api().getBytes("/api/artifacts/" + jobId + "/patch.diff"), StandardCharsets.UTF_8));
            return ExitCodes.SUCCEEDED;
        }
    }

    @Command(name = "evidence", description = "A job's evidence: tests, vulnerabilities, SBOM, attestation, baseline.")
    static class Evidence extends OnJob {
        @Override
        int execute() throws Exception {
            JsonNode evidence = api().get("/api/jobs/" + jobId).path("evidence");
            if (output.json()) {
                output.printJson(out(), evidence);
                return ExitCodes.SUCCEEDED;
            }
            if (evidence.isMissingNode() || evidence.isNull() || evidence.isEmpty()) {
                out().println("No evidence yet: VERIFY has not finished.");
                return ExitCodes.SUCCEEDED;
            }
            List<List<String>> rows = new ArrayList<>();
            evidence.properties().forEach(e -> rows.add(List.of(e.getKey(), flat(e.getValue()))));
            Table.print(out(), rows);
            return ExitCodes.SUCCEEDED;
        }
    }

    @Command(name = "gate", description = "A job's GATE: decision, reasons, every rule's outcome, approvals.")
    static class Gate extends OnJob {
        @Override
        int execute() throws Exception {
            JsonNode job = api().get("/api/jobs/" + jobId);
            JsonNode gate = job.path("gate");
            if (output.json()) {
                output.printJson(out(), gate);
                return ExitCodes.SUCCEEDED;
            }
            if (gate.isMissingNode() || gate.isNull()) {
                out().println("GATE has not decided yet.");
                return ExitCodes.SUCCEEDED;
            }
            out().println("decision: " + JobFollower.text(gate, "decision"));
            JsonNode diff = gate.path("diff");
            if (diff.isObject()) {
                out().println("diff: sha256:" + JobFollower.text(diff, "sha256") + " (base "
                        + JobFollower.text(diff, "base_commit") + ", result " + JobFollower.text(diff, "result_commit")
                        + ")");
            }
            gate.path("reasons").forEach(r -> out().println("  reason: " + r.asString()));
            if (job.path("status").asString().equals("awaiting_approval"))
                out().println("waiting: " + gateSummary(job));
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("POLICY", "RULE", "OUTCOME", "MESSAGE"));
            for (JsonNode r : gate.path("rules")) {
                if (!r.path("matched").asBoolean(true)) continue;
                rows.add(List.of(
                        JobFollower.text(r, "policy"),
                        JobFollower.text(r, "rule"),
                        JobFollower.text(r, "outcome"),
                        JobFollower.text(r, "message")));
            }
            if (rows.size() > 1) Table.print(out(), rows);
            for (JsonNode a : gate.path("approvals")) out().println("approval: " + flat(a));
            return ExitCodes.SUCCEEDED;
        }
    }

    /** What the GATE stage said (who may approve, while it waits). */
    static String gateSummary(JsonNode job) {
        for (JsonNode s : job.path("stages")) {
            if (s.path("name").asString().equals("GATE")) return JobFollower.text(s, "summary");
        }
        return "";
    }

    /** A JSON value on one line: text as it is, anything else as compact JSON. */
    static String flat(JsonNode v) {
        return v.isString() ? v.asString() : ApiClient.JSON.writeValueAsString(v);
    }
}
