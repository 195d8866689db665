package ai.matrix.architect.e2e;

import static org.awaitility.Awaitility.await;

import ai.matrix.architect.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Worker processes of their own (a JVM each, from the test's class path) on a shared PostgreSQL database. */
final class WorkerProcesses {
    private WorkerProcesses() {}

    /**
     * Starts {@code matrix-architect worker} named {@code name} and waits until it is up. Its log is
     * {@code root/<name>.log}; {@code env} adds to or overrides the defaults (e.g. db-scheduler settings).
     */
    static Process start(Path root, String databaseUrl, String name, Map<String, String> env) throws Exception {
        return start(root, databaseUrl, name, "worker", env);
    }

    /** Starts {@code matrix-architect <mode>} ({@code worker} or {@code api}) the same way. */
    static Process start(Path root, String databaseUrl, String name, String mode, Map<String, String> env)
            throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = root.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), mode)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> e = pb.environment();
        e.put("SPRING_DATASOURCE_URL", databaseUrl);
        e.put("SPRING_DATASOURCE_USERNAME", TestDatabases.USER);
        e.put("SPRING_DATASOURCE_PASSWORD", "");
        e.put("ARCHITECT_DATA_DIR", root.resolve(name).toString());
        e.put("ARCHITECT_ARTIFACTS_DIR", root.resolve("artifacts").toString());
        e.put("ARCHITECT_REPO_ROOTS", root.resolve("repos").toString());
        e.put("ARCHITECT_WORKER_NAME", name);
        e.put("ARCHITECT_ADMIN_PASSWORD", ServerTestSupport.ADMIN_PASSWORD);
        e.put("SERVER_PORT", "0");
        e.putAll(env);
        Process p = pb.start();
        try {
            // a JVM starts in seconds, but in minutes on a machine shared by several builds
            await().atMost(Duration.ofSeconds(180)).until(() -> {
                if (!p.isAlive()) throw new IllegalStateException(name + " died: " + Files.readString(log));
                return Files.readString(log).contains("Started Main");
            });
        } catch (RuntimeException notStarted) {
            p.destroyForcibly();
            throw notStarted;
        }
        return p;
    }
}
