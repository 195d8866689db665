package ai.matrix.architect.deploy.command;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.deploy.DeployException;
import ai.matrix.architect.deploy.DeployTarget;
import ai.matrix.architect.deploy.DeployTargetContract;
import ai.matrix.architect.deploy.HealthUrl;
import ai.matrix.architect.deploy.ReleaseRequest;
import ai.matrix.architect.net.AddressPolicy;
import ai.matrix.architect.sandbox.SandboxException;
import ai.matrix.architect.sandbox.SandboxLimits;
import ai.matrix.architect.sandbox.SandboxRequest;
import ai.matrix.architect.sandbox.SandboxResult;
import ai.matrix.architect.sandbox.local.UnisolatedSandbox;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract for {@code command} targets: real shell commands (unisolated here; the sandbox has its own
 * contract) that write the version they deploy into a state directory, and a real HTTP health endpoint that
 * answers 503 while the deployed version is {@code bad}.
 */
class CommandTargetTest extends DeployTargetContract {
    @TempDir
    Path state;

    @TempDir
    Path trees;

    HttpServer health;

    @BeforeEach
    void healthEndpoint() throws IOException {
        Files.createDirectories(state.resolve("releases"));
        health = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        health.createContext("/health", ex -> {
            Path current = state.resolve("current");
            String v = Files.exists(current) ? Files.readString(current).strip() : "";
            ex.sendResponseHeaders(v.isEmpty() || v.equals("bad") ? 503 : 200, -1);
            ex.close();
        });
        health.start();
    }

    @AfterEach
    void stop() {
        health.stop(0);
    }

    /** Runs as the sandbox would, in the release's tree, without isolation. */
    final CommandRunner runner = new CommandRunner() {
        @Override
        public Result run(
                String command,
                Map<String, String> env,
                List<String> secrets,
                ReleaseRequest release,
                java.util.function.Consumer<String> lines)
                throws DeployException {
            try {
                SandboxResult r = new UnisolatedSandbox()
                        .run(new SandboxRequest(
                                command,
                                release.workTree() == null ? state : release.workTree(),
                                env,
                                Duration.ofSeconds(30),
                                SandboxLimits.defaults(),
                                false,
                                null,
                                lines));
                return new Result(r.exitCode(), r.duration().toMillis(), r.succeeded(), r.describe());
            } catch (SandboxException e) {
                throw new DeployException(e.getMessage(), e);
            }
        }
    };

    @Override
    protected DeployTarget target() {
        String s = state.toString();
        var config = new ArchitectProperties.DeployTarget(
                "command",
                "staging",
                "cp VERSION '" + s + "/current' && cp VERSION \"" + s + "/releases/$MATRIX_RELEASE_ID\""
                        + " && echo \"$MATRIX_RELEASE_ID $MATRIX_RELEASE_RESUMED\" >> '" + s + "/calls'",
                "http://127.0.0.1:" + health.getAddress().getPort() + "/health",
                List.of(),
                "cp \"" + s + "/releases/$ROLLBACK_TO_RELEASE_ID\" '" + s + "/current'",
                timeout(),
                null,
                null,
                null);
        HealthUrl url = new HealthUrl(AddressPolicy.of("127.0.0.1", ""), Clock.systemUTC(), Duration.ofMillis(50));
        return new CommandTarget(TARGET, config, runner, url);
    }

    @Override
    protected ReleaseRequest request(String releaseId, String jobId, String version) throws IOException {
        Path tree = Files.createDirectories(trees.resolve(releaseId + "-" + version));
        Files.writeString(tree.resolve("VERSION"), version + "\n");
        return new ReleaseRequest(
                releaseId, TARGET, "staging", jobId, "default", "c0ffee-" + version, null, tree, null, log::add);
    }

    @Override
    protected String running() throws IOException {
        return Files.readString(state.resolve("current")).strip();
    }

    @Override
    protected int deliveries(String releaseId) throws IOException {
        return (int) Files.readAllLines(state.resolve("calls")).stream()
                .filter(l -> l.startsWith(releaseId + " "))
                .count();
    }

    /** A command is called again on a resume, told so: the second call says {@code true}. */
    @Override
    protected int maxDeliveriesAfterACrash() {
        return 2;
    }
}
