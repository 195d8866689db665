package ai.matrix.architect.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code projects list|create|add-member|remove-member}: who sees which jobs, through /api/projects. */
@Command(
        name = "projects",
        description = "Projects and their members (admin for changes).",
        subcommands = {
            ProjectCommands.ListProjects.class,
            ProjectCommands.Create.class,
            ProjectCommands.AddMember.class,
            ProjectCommands.RemoveMember.class
        })
final class ProjectCommands extends GroupCommand {

    @Command(name = "list", description = "List the projects you can see (GET /api/projects).")
    static class ListProjects extends ListCommand {
        String path() {
            return "/api/projects";
        }

        String none() {
            return "No projects.";
        }

        List<OutputOption.Column> columns() {
            return List.of(
                    ListCommand.col("NAME", "name"),
                    ListCommand.col("CREATED BY", "created_by"),
                    new OutputOption.Column("MEMBERS", p -> {
                        StringBuilder sb = new StringBuilder();
                        p.path("members")
                                .forEach(m -> sb.append(sb.isEmpty() ? "" : ", ")
                                        .append(JobFollower.text(m, "username"))
                                        .append(" (")
                                        .append(JobFollower.text(m, "role"))
                                        .append(')'));
                        return sb.toString();
                    }));
        }
    }

    @Command(name = "create", description = "Create a project (POST /api/projects).")
    static class Create extends ClientCommand {
        @Parameters(arity = "1", paramLabel = "NAME")
        String name;

        @Override
        int execute() throws Exception {
            api().post("/api/projects", Map.of("name", name));
            out().println("Created project " + name + ".");
            return ExitCodes.SUCCEEDED;
        }
    }

    @Command(
            name = "add-member",
            description = "Give a user a role in a project (PUT /api/projects/{name}/members/{username}).")
    static class AddMember extends ClientCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "USERNAME")
        String username;

        @Option(names = "--role", defaultValue = "operator", description = "viewer, operator (default) or admin")
        String role;

        @Override
        int execute() throws Exception {
            api().send("PUT", "/api/projects/" + project + "/members/" + username, Map.of("role", role));
            out().println(username + " is " + role + " in " + project + ".");
            return ExitCodes.SUCCEEDED;
        }
    }

    @Command(
            name = "remove-member",
            description = "Take a user out of a project (DELETE /api/projects/{name}/members/{username}).")
    static class RemoveMember extends ClientCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "USERNAME")
        String username;

        @Override
        int execute() throws Exception {
            api().send("DELETE", "/api/projects/" + project + "/members/" + username, null);
            out().println(username + " left " + project + ".");
            return ExitCodes.SUCCEEDED;
        }
    }
}
