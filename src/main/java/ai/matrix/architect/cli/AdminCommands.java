package ai.matrix.architect.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** API tokens, deploy targets, verification profiles, audit, housekeeping: named like their API. */
final class AdminCommands {
    private AdminCommands() {}

    @Command(
            name = "tokens",
            description = "Your API tokens, for CI and scripts (/api/tokens).",
            subcommands = {ListTokens.class, CreateToken.class, RevokeToken.class})
    static final class Tokens extends GroupCommand {}

    @Command(name = "list", description = "List your API tokens (GET /api/tokens).")
    static class ListTokens extends ListCommand {
        String path() {
            return "/api/tokens";
        }

        String none() {
            return "No API tokens: create one with `matrix-architect tokens create NAME`.";
        }

        List<OutputOption.Column> columns() {
            return List.of(
                    col("ID", "id"),
                    col("NAME", "name"),
                    col("ROLE", "role"),
                    col("CREATED", "created_at"),
                    col("EXPIRES", "expires_at"));
        }
    }

    @Command(
            name = "create",
            description = "Create an API token (POST /api/tokens); it is printed once, keep it as a secret.")
    static class CreateToken extends ClientCommand {
        @Parameters(arity = "1", paramLabel = "NAME")
        String name;

        @Option(names = "--role", description = "viewer, operator or admin (at most your own role)")
        String role;

        @Option(names = "--expires-in", paramLabel = "SECONDS", description = "Lifetime in seconds")
        Long expiresIn;

        @Mixin
        OutputOption output;

        @Override
        int execute() throws Exception {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            if (role != null) body.put("role", role);
            if (expiresIn != null) body.put("expires_in", expiresIn);
            JsonNode t = api().post("/api/tokens", body);
            if (output.json()) output.printJson(out(), t);
            else {
                out().println("Created " + JobFollower.text(t, "id") + " (expires " + JobFollower.text(t, "expires_at")
                        + "). The token, shown once:");
                out().println(JobFollower.text(t, "token"));
            }
            return ExitCodes.SUCCEEDED;
        }
    }

    @Command(name = "revoke", description = "Revoke an API token (DELETE /api/tokens/{id}).")
    static class RevokeToken extends ClientCommand {
        @Parameters(arity = "1", paramLabel = "TOKEN_ID")
        String id;

        @Override
        int execute() throws Exception {
            api().send("DELETE", "/api/tokens/" + id, null);
            out().println("Revoked " + id + ".");
            return ExitCodes.SUCCEEDED;
        }
    }

    @Command(name = "targets", description = "The configured deploy targets (GET /api/deploy/targets).")
    static class Targets extends ListCommand {
        String path() {
            return "/api/deploy/targets";
        }

        String none() {
            return "No deploy target is configured: DEPLOY is skipped for every job.";
        }

        List<OutputOption.Column> columns() {
            return List.of(
                    col("NAME", "name"),
                    col("KIND", "kind"),
                    col("ENVIRONMENT", "environment"),
                    col("HEALTH CHECK", "health_check"),
                    col("ROLLBACK", "rollback"));
        }
    }

    @Command(name = "profiles", description = "The verification profiles VERIFY knows (GET /api/profiles).")
    static class Profiles extends ListCommand {
        String path() {
            return "/api/profiles";
        }

        String none() {
            return "No verification profiles.";
        }

        List<OutputOption.Column> columns() {
            return List.of(
                    col("NAME", "name"),
                    new OutputOption.Column("CHECK KINDS", n -> JobCommands.flat(n.path("check_kinds"))),
                    col("EGRESS REGISTRY", "egress_registry"));
        }
    }

    @Command(
            name = "audit",
            description = "The audit log (admin).",
            subcommands = {AuditList.class, AuditVerify.class})
    static final class Audit extends GroupCommand {}

    @Command(name = "list", description = "Audit entries (GET /api/audit), newest first.")
    static class AuditList extends ListCommand {
        @Option(names = "--target", description = "Only entries about this target (a job id, a user, ...)")
        String target;

        @Option(names = "--limit", defaultValue = "50", description = "How many (default: 50)")
        int limit;

        String path() {
            return "/api/audit?limit=" + limit + (target == null ? "" : "&target=" + target);
        }

        String none() {
            return "No audit entries.";
        }

        List<OutputOption.Column> columns() {
            return List.of(
                    col("SEQ", "seq"),
                    col("AT", "at"),
                    col("ACTOR", "actor"),
                    col("ACTION", "action"),
                    col("TARGET", "target"));
        }
    }

    @Command(
            name = "verify",
            description = "Check the audit log's hash chain (GET /api/audit/verify); exit code 1 when it is broken.")
    static class AuditVerify extends ClientCommand {
        @Mixin
        OutputOption output;

        @Override
        int execute() throws Exception {
            JsonNode r = api().get("/api/audit/verify");
            boolean ok = r.path("ok").asBoolean();
            if (output.json()) output.printJson(out(), r);
            else if (ok)
                out().println("The audit chain holds: " + r.path("entries").asLong() + " entries.");
            else
                out().println("The audit chain is broken at entry "
                        + r.path("first_bad_seq").asLong() + ": " + JobFollower.text(r, "reason"));
            return ok ? ExitCodes.SUCCEEDED : ExitCodes.FAILED;
        }
    }

    @Command(
            name = "housekeeping",
            description = "Run a housekeeping sweep now (POST /api/housekeeping, admin) and show what it freed.")
    static class Housekeeping extends ClientCommand {
        @Mixin
        OutputOption output;

        @Override
        int execute() throws Exception {
            JsonNode r = api().post("/api/housekeeping", null);
            if (output.json()) output.printJson(out(), r);
            else
                Table.print(
                        out(),
                        r.properties().stream()
                                .map(e -> List.of(e.getKey(), JobCommands.flat(e.getValue())))
                                .toList());
            return ExitCodes.SUCCEEDED;
        }
    }

    /** Reads a policy's YAML source for validate and put. */
    static Map<String, Object> source(Path file) throws java.io.IOException {
        return Map.of("source", Files.readString(file));
    }
}
