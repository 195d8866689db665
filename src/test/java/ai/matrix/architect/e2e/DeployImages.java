package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.sandbox.docker.DockerTestEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The product's image as deploy/Dockerfile builds it, on a base made from this machine's files
 * (deploy/test/local-base.sh; no registry is reachable here), built once per test JVM from the packaged jar. The
 * docker and docker-compose command-line tools are driven as their users run them.
 */
final class DeployImages {
    static final String BASE = "matrix-architect-test/jre-base:2";
    static final String APP = "matrix-architect-test/app:it";
    static final Path PROJECT = Path.of("").toAbsolutePath();
    static final String TAP_VERIFY = "printf '1..1\\nok 1 - add works\\n'";
    private static boolean built;

    private DeployImages() {}

    /** Builds (once) and returns the tag of the application image. */
    static synchronized String app() {
        DockerTestEngine.requireEngine();
        if (built) return APP;
        Path jar = PROJECT.resolve("target/matrix-architect.jar");
        assertThat(jar)
                .as("the packaged jar (these tests run after mvn package)")
                .isRegularFile();
        run(Map.of(), "deploy/test/local-base.sh", BASE);
        run(
                Map.of("DOCKER_BUILDKIT", "0"),
                "docker",
                "build",
                "-q",
                "--network",
                "host",
                "-f",
                "deploy/Dockerfile",
                "--build-arg",
                "BASE_IMAGE=" + BASE,
                "--build-arg",
                "OS_PACKAGES=",
                "-t",
                APP,
                ".");
        built = true;
        return APP;
    }

    /** Runs a command in the project directory; its output, or an assertion error with it when it fails. */
    static String run(Map<String, String> env, String... cmd) {
        return runIn(PROJECT, env, cmd);
    }

    static String runIn(Path dir, Map<String, String> env, String... cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            if (rc != 0) throw new AssertionError(String.join(" ", cmd) + " exited " + rc + ":\n" + out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The exit code of a command, its output ignored. */
    static int exitCode(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A directory under target/ (containers mount it at the same path, so file:// URLs mean the same inside and
     * out; not under /tmp, which is a tmpfs in the containers) owned by the image's user 10001.
     */
    static Path sharedDir(String prefix) {
        try {
            Path base = Files.createDirectories(PROJECT.resolve("target/deploy-it"));
            Path dir = Files.createTempDirectory(base, prefix);
            Files.createDirectories(dir.resolve("repos"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gives the tree to the image's user, as an operator does with a volume (the tests run as root). */
    static void ownByImageUser(Path dir) {
        run(Map.of(), "chown", "-R", "10001:10001", dir.toString());
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code docker run -d} with these options (KEY=VALUE environment entries after {@code -e}). */
    static String runDetached(List<String> options, String image, String... command) {
        List<String> cmd = new ArrayList<>(List.of("docker", "run", "-d"));
        cmd.addAll(options);
        cmd.add(image);
        cmd.addAll(List.of(command));
        return run(Map.of(), cmd.toArray(String[]::new)).strip();
    }
}
