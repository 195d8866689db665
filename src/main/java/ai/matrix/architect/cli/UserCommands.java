package ai.matrix.architect.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code users list|add|set|remove}: the admin's user management, through /api/users. */
@Command(
        name = "users",
        description = "Manage users (admin).",
        subcommands = {
            UserCommands.ListUsers.class,
            UserCommands.Add.class,
            UserCommands.Set.class,
            UserCommands.Remove.class
        })
final class UserCommands extends GroupCommand {

    private static String password(String given) {
        String pw = given != null ? given : ClientConfig.env("ARCHITECT_NEW_PASSWORD");
        if (pw == null && System.console() != null)
            pw = new String(System.console().readPassword("New password: "));
        return pw;
    }

    @Command(name = "list", description = "List users and their roles (GET /api/users).")
    static class ListUsers extends ListCommand {
        String path() {
            return "/api/users";
        }

        String none() {
            return "No users.";
        }

        java.util.List<OutputOption.Column> columns() {
            return java.util.List.of(
                    ListCommand.col("USERNAME", "username"),
                    ListCommand.col("ROLE", "role"),
                    ListCommand.col("CREATED", "created_at"));
        }
    }

    @Command(name = "add", description = "Create a user (POST /api/users).")
    static class Add extends ClientCommand {
        @Parameters(arity = "1", paramLabel = "USERNAME")
        String username;

        @Option(names = "--role", defaultValue = "viewer", description = "viewer, operator or admin")
        String role;

        @Option(names = "--password", description = "Password (default: ARCHITECT_NEW_PASSWORD, else asked)")
        String password;

        @Override
        int execute() throws Exception {
            String pw = password(password);
            if (pw == null) throw new CliException("Give --password or set ARCHITECT_NEW_PASSWORD.", ExitCodes.USAGE);
            api().post("/api/users", Map.of("username", username, "password", pw, "role", role));
            out().println("Created " + username + " (" + role + ").");
            return ExitCodes.SUCCEEDED;
        }
    }

    @Command(name = "set", description = "Change a user's role and/or password (PATCH /api/users/{username}).")
    static class Set extends ClientCommand {
        @Parameters(arity = "1", paramLabel = "USERNAME")
        String username;

        @Option(names = "--role")
        String role;

        @Option(names = "--password")
        String password;

        @Override
        int execute() throws Exception {
            Map<String, Object> body = new LinkedHashMap<>();
            if (role != null) body.put("role", role);
            if (password != null) body.put("password", password);
            if (body.isEmpty()) throw new CliException("Give --role and/or --password.", ExitCodes.USAGE);
            JsonNode u = api().send("PATCH", "/api/users/" + username, body);
            out().println(u.get("username").asString() + " is " + u.get("role").asString() + ".");
            return ExitCodes.SUCCEEDED;
        }
    }

    @Command(
            name = "remove",
            description = "Delete a user (DELETE /api/users/{username}); their jobs and the audit log stay.")
    static class Remove extends ClientCommand {
        @Parameters(arity = "1", paramLabel = "USERNAME")
        String username;

        @Override
        int execute() throws Exception {
            api().send("DELETE", "/api/users/" + username, null);
            out().println("Deleted " + username + ".");
            return ExitCodes.SUCCEEDED;
        }
    }
}
