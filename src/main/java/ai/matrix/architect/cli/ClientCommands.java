package ai.matrix.architect.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** Signing in and the life of a job: login, logout, submit, status, logs, wait. */
final class ClientCommands {
    private ClientCommands() {}

    @Command(
            name = "login",
            description = "Get a token (POST /api/auth/token) and keep it for the profile, readable by you only"
                    + " (mode 0600, under $XDG_CONFIG_HOME/matrix-architect or $HOME/.config/matrix-architect).")
    static class Login extends ClientCommand {
        @Option(
                names = {"-u", "--username"},
                defaultValue = "admin",
                description = "User name (default: admin)")
        String username;

        @Option(
                names = {"-p", "--password"},
                description = "Password (default: ARCHITECT_PASSWORD, else asked)")
        String password;

        @Override
        int execute() throws Exception {
            String pw = password != null ? password : ClientConfig.env("ARCHITECT_PASSWORD");
            if (pw == null && System.console() != null)
                pw = new String(System.console().readPassword("Password: "));
            if (pw == null) throw new CliException("Give --password or set ARCHITECT_PASSWORD.", ExitCodes.USAGE);
            ClientConfig config = ClientConfig.load();
            String profile = client.profile(config);
            ApiClient api = new ApiClient(client.server(config), null);
            api.login(username, pw);
            if (client.server != null || config.server(profile).isEmpty()) config.setServer(profile, api.url());
            config.saveToken(profile, api.token());
            out().println("Logged in to " + api.url() + " as " + username + " (profile " + profile + "; token in "
                    + config.tokenFile(profile) + ").");
            return ExitCodes.SUCCEEDED;
        }
    }

    @Command(name = "logout", description = "Forget the profile's saved token.")
    static class Logout extends ClientCommand {
        @Override
        int execute() throws Exception {
            ClientConfig config = ClientConfig.load();
            String profile = client.profile(config);
            config.removeToken(profile);
            out().println("Logged out (profile " + profile + ").");
            return ExitCodes.SUCCEEDED;
        }
    }

    @Command(
            name = "submit",
            description = "Create a job (POST /api/jobs) and execute it. With --follow, the exit code is the job's:"
                    + " 0 succeeded, 1 failed, 3 waiting for approval, 4 cancelled or rejected.")
    static class Submit extends ClientCommand {
        @Option(names = "--repo", required = true, description = "A git URL, or a directory under the allowed roots")
        String repo;

        @Option(names = "--ref", description = "Branch, tag or commit to start from")
        String ref;

        @Option(names = "--goal", required = true, description = "What the change is for (1..4000 characters)")
        String goal;

        @Option(names = "--plan", description = "A JSON file holding an explicit plan")
        Path plan;

        @Option(names = "--verify", description = "A verify command (repeatable)")
        List<String> verify = new ArrayList<>();

        @Option(names = "--priority", defaultValue = "normal", description = "high, normal (default) or low")
        String priority;

        @Option(names = "--project", description = "The project the job belongs to (default: default)")
        String project;

        @Option(names = "--require-approval", description = "Hold the job at GATE for an approval")
        boolean requireApproval;

        @Option(names = "--no-require-tests", description = "Do not fail VERIFY when no test ran")
        boolean noRequireTests;

        @Option(
                names = "--idempotency-key",
                paramLabel = "KEY",
                description = "Sent as Idempotency-Key: the same key and request within 24 h give the first job back")
        String idempotencyKey;

        @Option(names = "--follow", description = "Follow the job until it ends or waits for approval")
        boolean follow;

        @Mixin
        OutputOption output;

        @Override
        int execute() throws Exception {
            ApiClient api = api();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("repo", repoSpec(repo, ref));
            body.put("goal", goal);
            body.put("priority", priority);
            if (project != null) body.put("project", project);
            body.put("constraints", Map.of("require_approval", requireApproval, "require_tests", !noRequireTests));
            if (plan != null) body.put("plan", ApiClient.JSON.readTree(Files.readString(plan)));
            if (!verify.isEmpty()) body.put("verify", Map.of("commands", verify));
            body.put("auto_execute", true);
            JsonNode job = idempotencyKey == null
                    ? api.post("/api/jobs", body)
                    : api.post("/api/jobs", body, "Idempotency-Key", idempotencyKey);
            String id = job.get("id").asString();
            if (!follow) {
                if (output.json()) output.printJson(out(), job);
                else
                    out().println("Submitted " + id + " (" + job.get("status").asString() + "): "
                            + JobFollower.pageOf(api.url(), id));
                return ExitCodes.SUCCEEDED;
            }
            if (!output.json()) out().println("Submitted " + id + "; following it:");
            JobFollower follower = new JobFollower(
                    api, output.json() ? new java.io.PrintWriter(java.io.OutputStream.nullOutputStream()) : out());
            JsonNode done = follower.follow(id);
            if (output.json()) output.printJson(out(), api.get("/api/jobs/" + id));
            else follower.printResult(done);
            return ExitCodes.ofJobStatus(done.get("status").asString());
        }

        static Map<String, Object> repoSpec(String repo, String ref) {
            Map<String, Object> spec = new LinkedHashMap<>();
            if (repo.matches("^[a-z][a-z0-9+.-]*://.*") || repo.matches("^[^/]+@[^/]+:.*")) {
                spec.put("kind", "git");
                spec.put("url", repo);
            } else {
                spec.put("kind", "local");
                spec.put("path", Path.of(repo).toAbsolutePath().normalize().toString());
            }
            if (ref != null) spec.put("ref", ref);
            return spec;
        }
    }

    @Command(name = "status", description = "Show a job (GET /api/jobs/{id}), or the latest jobs (GET /api/jobs).")
    static class Status extends ClientCommand {
        @Parameters(arity = "0..1", paramLabel = "JOB_ID")
        String jobId;

        @Option(names = "--status", description = "Only jobs in this status (with no JOB_ID)")
        String status;

        @Option(names = "--limit", defaultValue = "20", description = "How many jobs to list (default: 20)")
        int limit;

        @Mixin
        OutputOption output;

        @Override
        int execute() throws Exception {
            ApiClient api = api();
            if (jobId == null) {
                JsonNode page = api.get("/api/jobs?limit=" + limit + (status == null ? "" : "&status=" + status));
                output.print(
                        out(),
                        page,
                        page.get("items"),
                        "No jobs yet: submit one with `matrix-architect submit`.",
                        List.of(
                                OutputOption.Column.field("ID", "id"),
                                OutputOption.Column.field("STATUS", "status"),
                                OutputOption.Column.field("STAGE", "stage"),
                                OutputOption.Column.field("CREATED BY", "created_by"),
                                OutputOption.Column.field("GOAL", "goal")));
                return ExitCodes.SUCCEEDED;
            }
            JsonNode job = api.get("/api/jobs/" + jobId);
            if (output.json()) {
                output.printJson(out(), job);
                return ExitCodes.SUCCEEDED;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode s : job.get("stages")) {
                rows.add(List.of(
                        " ",
                        s.get("name").asString(),
                        s.get("status").asString(),
                        "attempts=" + s.path("attempts").asInt(),
                        JobFollower.text(s, "summary")));
            }
            Table.print(out(), rows);
            new JobFollower(api, out()).printResult(job);
            return ExitCodes.SUCCEEDED;
        }
    }

    @Command(
            name = "wait",
            description = "Follow a job until it ends or waits for approval; the exit code is the job's: 0 succeeded,"
                    + " 1 failed, 3 waiting for approval, 4 cancelled or rejected.")
    static class Wait extends ClientCommand {
        @Parameters(arity = "1", paramLabel = "JOB_ID")
        String jobId;

        @Override
        int execute() throws Exception {
            ApiClient api = api();
            JobFollower follower = new JobFollower(api, out());
            JsonNode done = follower.follow(jobId);
            follower.printResult(done);
            return ExitCodes.ofJobStatus(done.get("status").asString());
        }
    }

    @Command(
            name = "logs",
            description = "Print a job's log (GET /api/jobs/{id}/logs); --follow streams it until the job ends.")
    static class Logs extends ClientCommand {
        @Parameters(arity = "1", paramLabel = "JOB_ID")
        String jobId;

        @Option(names = "--stage", description = "Only this stage's lines (PLAN, PATCH, VERIFY, ...)")
        String stage;

        @Option(
                names = {"-f", "--follow"},
                description = "Stream new lines until the job ends")
        boolean follow;

        @Override
        int execute() throws Exception {
            ApiClient api = api();
            String q = "/api/jobs/" + jobId + "/logs?" + (stage == null ? "" : "stage=" + stage + "&");
            if (!follow) {
                out().print(api.getText(q));
                return ExitCodes.SUCCEEDED;
            }
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(api.stream(q + "follow=true"), StandardCharsets.UTF_8))) {
                String event = null;
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("event:")) event = line.substring(6).strip();
                    else if (line.startsWith("data:") && "log".equals(event)) {
                        JsonNode d = ApiClient.JSON.readTree(line.substring(5));
                        out().println(d.get("stage").asString() + " "
                                + d.get("line").asString());
                        out().flush();
                    } else if (line.startsWith("data:") && "end".equals(event)) {
                        return ExitCodes.SUCCEEDED;
                    }
                }
            }
            return ExitCodes.SUCCEEDED;
        }
    }
}
