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
final class UserCommands implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    private static String password(String given) {
        String pw = given != null ? given : System.getenv("ARCHITECT_NEW_PASSWORD");
        if (pw == null && System.console() != null)
            pw = new String(System.console().readPassword("New password: "));
        return pw;
    }

    @Command(name = "list", description = "List users and their roles.")
    static class ListUsers extends ClientCommands.Base {
        @Override
        int execute() throws Exception {
            for (JsonNode u : ApiClient.fromSavedLogin(url).get("/api/users").get("items")) {
                System.out.printf(
                        "%-30s %-9s %s%n",
                        u.get("username").asString(),
                        u.get("role").asString(),
                        u.get("created_at").asString());
            }
            return 0;
        }
    }

    @Command(name = "add", description = "Create a user.")
    static class Add extends ClientCommands.Base {
        @Parameters(arity = "1")
        String username;

        @Option(names = "--role", defaultValue = "viewer", description = "viewer, operator or admin")
        String role;

        @Option(names = "--password", description = "Password (default: ARCHITECT_NEW_PASSWORD, else asked)")
        String password;

        @Override
        int execute() throws Exception {
            String pw = password(password);
            if (pw == null) throw new CliException("Give --password or set ARCHITECT_NEW_PASSWORD.");
            ApiClient.fromSavedLogin(url)
                    .post("/api/users", Map.of("username", username, "password", pw, "role", role));
            System.out.println("Created " + username + " (" + role + ").");
            return 0;
        }
    }

    @Command(name = "set", description = "Change a user's role and/or password.")
    static class Set extends ClientCommands.Base {
        @Parameters(arity = "1")
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
            if (body.isEmpty()) throw new CliException("Give --role and/or --password.");
            JsonNode u = ApiClient.fromSavedLogin(url).send("PATCH", "/api/users/" + username, body);
            System.out.println(
                    u.get("username").asString() + " is " + u.get("role").asString() + ".");
            return 0;
        }
    }

    @Command(name = "remove", description = "Delete a user (their jobs and the audit log stay).")
    static class Remove extends ClientCommands.Base {
        @Parameters(arity = "1")
        String username;

        @Override
        int execute() throws Exception {
            ApiClient.fromSavedLogin(url).send("DELETE", "/api/users/" + username, null);
            System.out.println("Deleted " + username + ".");
            return 0;
        }
    }
}
