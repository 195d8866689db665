package ai.matrix.architect.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code policies list|get|validate|put|dry-run}: the GATE's policies (admin), through /api/policies. */
@Command(
        name = "policies",
        description = "The GATE's policies (admin).",
        subcommands = {
            PolicyCommands.ListPolicies.class,
            PolicyCommands.Get.class,
            PolicyCommands.Validate.class,
            PolicyCommands.Put.class,
            PolicyCommands.DryRun.class
        })
final class PolicyCommands extends GroupCommand {

    @Command(name = "list", description = "List policies and their latest versions (GET /api/policies).")
    static class ListPolicies extends ListCommand {
        String path() {
            return "/api/policies";
        }

        String none() {
            return "No policies.";
        }

        List<OutputOption.Column> columns() {
            return List.of(
                    ListCommand.col("NAME", "name"),
                    ListCommand.col("VERSION", "version"),
                    ListCommand.col("AUTHOR", "author"),
                    ListCommand.col("CREATED", "created_at"));
        }
    }

    @Command(name = "get", description = "Print a policy's source (GET /api/policies/{name}[/versions/{n}]).")
    static class Get extends ClientCommand {
        @Parameters(arity = "1", paramLabel = "NAME")
        String name;

        @Option(names = "--policy-version", paramLabel = "N", description = "This version instead of the active one")
        Integer version;

        @Mixin
        OutputOption output;

        @Override
        int execute() throws Exception {
            JsonNode p = api().get("/api/policies/" + name + (version == null ? "" : "/versions/" + version));
            if (output.json()) output.printJson(out(), p);
            else out().print(JobFollower.text(p, "source"));
            return ExitCodes.SUCCEEDED;
        }
    }

    /** Prints a validation's errors; true when there were none. */
    static boolean printErrors(java.io.PrintWriter out, JsonNode errors) {
        for (JsonNode e : errors) {
            out.println("line " + e.path("line").asInt() + ", column "
                    + e.path("column").asInt() + ": " + JobFollower.text(e, "rule") + " "
                    + JobFollower.text(e, "message"));
        }
        return errors.isEmpty();
    }

    @Command(
            name = "validate",
            description = "Check a policy file (POST /api/policies/validate); exit code 1 when it has errors.")
    static class Validate extends ClientCommand {
        @Parameters(arity = "1", paramLabel = "FILE")
        Path file;

        @Mixin
        OutputOption output;

        @Override
        int execute() throws Exception {
            JsonNode r = api().post("/api/policies/validate", AdminCommands.source(file));
            if (output.json()) output.printJson(out(), r);
            else if (printErrors(out(), r.path("errors"))) out().println(file + " is valid.");
            return r.path("valid").asBoolean() ? ExitCodes.SUCCEEDED : ExitCodes.FAILED;
        }
    }

    @Command(name = "put", description = "Make a file the policy's new version (PUT /api/policies/{name}).")
    static class Put extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "FILE")
        Path file;

        @Override
        int execute() throws Exception {
            JsonNode r = api().send("PUT", "/api/policies/" + name, AdminCommands.source(file));
            out().println(name + " is now version " + r.path("version").asInt() + ".");
            return ExitCodes.SUCCEEDED;
        }
    }

    @Command(
            name = "dry-run",
            description = "What a policy would decide for a job (POST /api/policies/{name}/dry-run).")
    static class DryRun extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "JOB_ID")
        String jobId;

        @Option(names = "--policy-version", paramLabel = "N", description = "This version instead of the active one")
        Integer version;

        @Mixin
        OutputOption output;

        @Override
        int execute() throws Exception {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("job_id", jobId);
            if (version != null) body.put("version", version);
            JsonNode r = api().post("/api/policies/" + name + "/dry-run", body);
            if (output.json()) output.printJson(out(), r);
            else {
                out().println("decision: " + JobFollower.text(r, "decision"));
                r.path("reasons").forEach(x -> out().println("  reason: " + x.asString()));
            }
            return ExitCodes.SUCCEEDED;
        }
    }
}
