package ai.matrix.architect.cli;

import ai.matrix.architect.config.ArchitectProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/**
 * The product's main job in one command: start the server, make a sample repository with a real test suite,
 * submit a job with a sample plan, follow it stage by stage, print the result, and leave the server running.
 */
@Command(name = "demo", description = "Start the server, run a sample job end to end, and keep the server running.")
class DemoCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        // the demo's own progress display is the interesting output: keep the server's log to warnings
        ConfigurableApplicationContext ctx = ServerCommand.start(
                Map.of("architect.mode", "serve", "logging.level.root", "warn", "logging.level.ai.matrix", "warn"));
        ArchitectProperties props = ctx.getBean(ArchitectProperties.class);
        String port = ctx.getEnvironment().getProperty("local.server.port", "8080");
        String url = "http://localhost:" + port;
        String password = adminPassword(props);
        ApiClient api = new ApiClient(url, null);
        try {
            api.login("admin", password);
        } catch (CliException e) {
            System.err.println("Cannot log in as admin: the data directory "
                    + props.dataDir().toAbsolutePath()
                    + " already has an admin whose password is not known here. Set ARCHITECT_ADMIN_PASSWORD, or use"
                    + " a fresh ARCHITECT_DATA_DIR.");
            return 1;
        }
        Path repoRoot = props.allowedRepoRoots().get(0);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path repo = SampleRepository.create(repoRoot.resolve("demo-calculator-" + stamp));
        System.out.println();
        System.out.println("Sample repository: " + repo + " (Python, unittest suite writing JUnit XML)");
        System.out.println("Submitting a job: add mul() to the calculator, with tests (a unified diff and a new file)");
        JsonNode job = api.post("/api/jobs", SampleRepository.jobRequest(repo));
        String id = job.get("id").asString();
        System.out.println("Job " + id + " queued; following it:\n");
        JobFollower follower = new JobFollower(api, System.out);
        JsonNode done = follower.follow(id);
        follower.printResult(done);
        System.out.println();
        System.out.println("The server keeps running at " + url + " (Ctrl-C stops it).");
        System.out.println("  log in:   admin / " + password);
        System.out.println("  API docs: " + url + "/swagger-ui/index.html");
        System.out.println("  the job:  " + url + "/api/jobs/" + id);
        System.out.println("  the push: git -C " + repo + " log --oneline " + JobFollower.text(done, "branch"));
        return 0;
    }

    private static String adminPassword(ArchitectProperties props) throws java.io.IOException {
        if (!props.adminPassword().isBlank()) return props.adminPassword();
        Path file = props.dataDir().resolve("initial-admin-password");
        if (Files.exists(file)) return Files.readString(file).strip();
        throw new CliException("The admin password is not known: set ARCHITECT_ADMIN_PASSWORD.");
    }
}
