package ai.matrix.architect.cli;

import ai.matrix.architect.ArchitectApplication;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;

/** Starts the Spring application in one of its three modes. */
abstract class ServerCommand implements Runnable {
    private static volatile ConfigurableApplicationContext context;

    static boolean running() {
        return context != null && context.isActive();
    }

    static ConfigurableApplicationContext start(String mode, String... args) {
        return start(Map.of("architect.mode", mode), args);
    }

    /** Starts with the given defaults; configuration from the environment and files still overrides them. */
    static ConfigurableApplicationContext start(Map<String, Object> defaults, String... args) {
        context = new SpringApplicationBuilder(ArchitectApplication.class)
                .properties(defaults)
                .run(args);
        return context;
    }

    abstract String mode();

    @Override
    public void run() {
        start(mode());
    }

    @Command(name = "serve", description = "Run the API, the web UI and a worker in one process (embedded default).")
    static class Serve extends ServerCommand {
        String mode() {
            return "serve";
        }
    }

    @Command(name = "api", description = "Run the API only; stages are run by worker processes on the same database.")
    static class Api extends ServerCommand {
        String mode() {
            return "api";
        }
    }

    @Command(name = "worker", description = "Run a worker only (health and metrics over HTTP, no API).")
    static class Worker extends ServerCommand {
        String mode() {
            return "worker";
        }
    }
}
