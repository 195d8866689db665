package ai.matrix.architect.cli;

import ai.matrix.architect.config.ArchitectProperties;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/**
 * The product's main job in one command: start the server, make a sample repository with a real test suite,
 * submit a job with a sample plan, follow it stage by stage, print the result, and leave the server running.
 */
@Command(name = "demo", description = "Start the server, run a sample job end to end, and keep the server running.")
class DemoCommand implements Callable<Integer> {
    /**
     * Library warnings that mean nothing to someone trying the product (Flyway's "H2 newer than tested",
     * db-scheduler's UTC hint, springdoc's production hint): quiet on the console unless LOG_LEVEL=debug.
     */
    static final List<String> CHATTY_LIBRARIES =
            List.of("org.flywaydb", "com.github.kagkarlsson", "org.springdoc", "org.hibernate.validator");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The demo's own progress display is the interesting output: the server's log keeps to warnings. */
    static final Map<String, Object> SERVER_DEFAULTS =
            Map.of("architect.mode", "serve", "logging.level.root", "warn", "logging.level.ai.matrix", "warn");

    /**
     * The chatty libraries' levels, as command-line arguments: application.yml names these loggers too, and only
     * arguments (not default properties) override it. LOG_LEVEL=debug keeps every line.
     */
    static String[] quietLibraries(String logLevel) {
        if ("debug".equalsIgnoreCase(logLevel) || "trace".equalsIgnoreCase(logLevel)) return new String[0];
        return CHATTY_LIBRARIES.stream()
                .map(l -> "--logging.level." + l + "=error")
                .toArray(String[]::new);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ConfigurableApplicationContext ctx =
                ServerCommand.start(SERVER_DEFAULTS, quietLibraries(System.getenv("LOG_LEVEL")));
        ArchitectProperties props = ctx.getBean(ArchitectProperties.class);
        String port = ctx.getEnvironment().getProperty("local.server.port", "8080");
        String url = "http://localhost:" + port;
        String password = adminPassword(props);
        ApiClient api = new ApiClient(url, null);
        try {
            api.login("admin", password);
        } catch (CliException e) {
            spec.commandLine()
                    .getErr()
                    .println("Cannot log in as admin: the data directory "
                            + props.dataDir().toAbsolutePath()
                            + " already has an admin whose password is not known here. Set ARCHITECT_ADMIN_PASSWORD,"
                            + " or use a fresh ARCHITECT_DATA_DIR.");
            return ExitCodes.FAILED;
        }
        Path repoRoot = props.allowedRepoRoots().get(0);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path repo = SampleRepository.create(repoRoot.resolve("demo-calculator-" + stamp));
        out.println();
        out.println("Sample repository: " + repo + " (Python, unittest suite writing JUnit XML)");
        out.println("Submitting a job: add mul() to the calculator, with tests (a unified diff and a new file)");
        JsonNode job = api.post("/api/jobs", SampleRepository.jobRequest(repo));
        String id = job.get("id").asString();
        out.println("Job " + id + " queued; following it:\n");
        out.flush();
        JobFollower follower = new JobFollower(api, out);
        JsonNode done = follower.follow(id);
        follower.printResult(done);
        out.println();
        out.println("The server keeps running at " + url + " (Ctrl-C stops it).");
        Table.print(
                out,
                List.of(
                        List.of("  log in:", "admin / " + password),
                        List.of("  the job:", JobFollower.pageOf(url, id)),
                        List.of("  API docs:", url + "/swagger-ui/index.html"),
                        List.of(
                                "  the push:",
                                "git -C " + repo + " log --oneline " + JobFollower.text(done, "branch"))));
        return ExitCodes.SUCCEEDED;
    }

    private static String adminPassword(ArchitectProperties props) throws java.io.IOException {
        if (!props.adminPassword().isBlank()) return props.adminPassword();
        Path file = props.dataDir().resolve("initial-admin-password");
        if (Files.exists(file)) return Files.readString(file).strip();
        throw new CliException("The admin password is not known: set ARCHITECT_ADMIN_PASSWORD.");
    }
}
