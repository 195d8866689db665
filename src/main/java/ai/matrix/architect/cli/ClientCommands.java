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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** The command-line client: every command is a call to the public HTTP API. */
final class ClientCommands {
    private ClientCommands() {}

    abstract static class Base implements Callable<Integer> {
        @Option(names = "--url", description = "Server URL (default: the saved login, or ARCHITECT_URL)")
        String url;

        @Override
        public Integer call() throws Exception {
            try {
                return execute();
            } catch (CliException e) {
                System.err.println(e.getMessage());
                return 1;
            }
        }

        abstract int execute() throws Exception;
    }

    @Command(name = "login", description = "Get a token and keep it in ~/.matrix-architect/token.")
    static class Login extends Base {
        @Option(
                names = {"-u", "--username"},
                defaultValue = "admin")
        String username;

        @Option(
                names = {"-p", "--password"},
                description = "Password (default: ARCHITECT_PASSWORD, else asked)")
        String password;

        @Override
        int execute() throws Exception {
            String pw = password != null ? password : System.getenv("ARCHITECT_PASSWORD");
            if (pw == null && System.console() != null)
                pw = new String(System.console().readPassword("Password: "));
            if (pw == null) throw new CliException("Give --password or set ARCHITECT_PASSWORD.");
            ApiClient api = new ApiClient(
                    url != null ? url : System.getenv().getOrDefault("ARCHITECT_URL", "http://localhost:8080"), null);
            api.login(username, pw);
            api.saveLogin();
            System.out.println("Logged in to " + api.url() + " as " + username + ".");
            return 0;
        }
    }

    @Command(name = "submit", description = "Create and execute a job.")
    static class Submit extends Base {
        @Option(names = "--repo", required = true, description = "A git URL, or a directory under the allowed roots")
        String repo;

        @Option(names = "--ref", description = "Branch, tag or commit to start from")
        String ref;

        @Option(names = "--goal", required = true)
        String goal;

        @Option(names = "--plan", description = "A JSON file holding an explicit plan")
        Path plan;

        @Option(names = "--verify", description = "A verify command (repeatable)")
        List<String> verify = new ArrayList<>();

        @Option(names = "--priority", defaultValue = "normal")
        String priority;

        @Option(names = "--require-approval")
        boolean requireApproval;

        @Option(names = "--no-require-tests")
        boolean noRequireTests;

        @Option(names = "--follow", description = "Follow the job until it ends")
        boolean follow;

        @Override
        int execute() throws Exception {
            ApiClient api = ApiClient.fromSavedLogin(url);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("repo", repoSpec(repo, ref));
            body.put("goal", goal);
            body.put("priority", priority);
            body.put("constraints", Map.of("require_approval", requireApproval, "require_tests", !noRequireTests));
            if (plan != null) body.put("plan", ApiClient.JSON.readTree(Files.readString(plan)));
            if (!verify.isEmpty()) body.put("verify", Map.of("commands", verify));
            body.put("auto_execute", true);
            JsonNode job = api.post("/api/jobs", body);
            String id = job.get("id").asString();
            System.out.println("Submitted " + id + " (" + job.get("status").asString() + ")");
            if (!follow) return 0;
            JobFollower follower = new JobFollower(api, System.out);
            JsonNode done = follower.follow(id);
            follower.printResult(done);
            return done.get("status").asString().equals("succeeded") ? 0 : 2;
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

    @Command(name = "status", description = "Show a job, or the latest jobs.")
    static class Status extends Base {
        @Parameters(arity = "0..1")
        String jobId;

        @Override
        int execute() throws Exception {
            ApiClient api = ApiClient.fromSavedLogin(url);
            if (jobId == null) {
                for (JsonNode j : api.get("/api/jobs?limit=20").get("items")) {
                    System.out.printf(
                            "%-32s %-18s %-8s %s%n",
                            j.get("id").asString(),
                            j.get("status").asString(),
                            JobFollower.text(j, "stage"),
                            j.get("goal").asString());
                }
                return 0;
            }
            JsonNode job = api.get("/api/jobs/" + jobId);
            for (JsonNode s : job.get("stages")) {
                System.out.printf(
                        "  %-8s %-10s attempts=%d %s%n",
                        s.get("name").asString(),
                        s.get("status").asString(),
                        s.get("attempts").asInt(),
                        JobFollower.text(s, "summary"));
            }
            new JobFollower(api, System.out).printResult(job);
            return 0;
        }
    }

    @Command(name = "logs", description = "Print a job's log; --follow streams it until the job ends.")
    static class Logs extends Base {
        @Parameters(arity = "1")
        String jobId;

        @Option(names = "--stage")
        String stage;

        @Option(names = {"-f", "--follow"})
        boolean follow;

        @Override
        int execute() throws Exception {
            ApiClient api = ApiClient.fromSavedLogin(url);
            String q = "/api/jobs/" + jobId + "/logs?" + (stage == null ? "" : "stage=" + stage + "&");
            if (!follow) {
                System.out.print(api.getText(q));
                return 0;
            }
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(api.stream(q + "follow=true"), StandardCharsets.UTF_8))) {
                String event = null;
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("event:")) event = line.substring(6).strip();
                    else if (line.startsWith("data:") && "log".equals(event)) {
                        JsonNode d = ApiClient.JSON.readTree(line.substring(5));
                        System.out.println(
                                d.get("stage").asString() + " " + d.get("line").asString());
                    } else if (line.startsWith("data:") && "end".equals(event)) {
                        return 0;
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "approve", description = "Approve a job waiting at GATE.")
    static class Approve extends Base {
        @Parameters(arity = "1")
        String jobId;

        @Option(names = "--comment")
        String comment;

        @Override
        int execute() throws Exception {
            ApiClient api = ApiClient.fromSavedLogin(url);
            JsonNode job =
                    api.post("/api/jobs/" + jobId + "/approve", Map.of("comment", comment == null ? "" : comment));
            System.out.println(jobId + " approved; now " + job.get("status").asString());
            return 0;
        }
    }
}
