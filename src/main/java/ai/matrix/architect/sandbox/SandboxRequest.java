package ai.matrix.architect.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One command to run. The workspace is mounted writable at {@link #WORKSPACE_MOUNT}; the command runs
 * there under {@code /bin/sh -c}.
 *
 * @param command shell command line
 * @param workspace host directory holding the repository checkout
 * @param env environment variables given to the command (the host environment is never inherited)
 * @param timeout wall-clock limit; the whole process tree is killed when it passes
 * @param limits memory, process and output caps
 * @param allowNetwork whether the command may reach the network at all
 * @param image container image for container-based sandboxes; null means the configured default
 * @param output receives each output line (stdout and stderr interleaved) as it is produced
 * @param cacheDir host directory mounted writable at {@link #CACHE_MOUNT} (a project's dependency cache), or
 *     null
 * @param egressSocket Unix socket of an {@code EgressProxy}: the command keeps its empty network namespace
 *     and reaches only the proxy, through {@code HTTPS_PROXY}; null for none
 * @param secretsDir host directory of secret files (see {@link SecretFiles}) mounted read-only at
 *     {@link #SECRETS_MOUNT}, or null
 */
public record SandboxRequest(
        String command,
        Path workspace,
        Map<String, String> env,
        Duration timeout,
        SandboxLimits limits,
        boolean allowNetwork,
        String image,
        Consumer<String> output,
        Path cacheDir,
        Path egressSocket,
        Path secretsDir) {

    public static final String WORKSPACE_MOUNT = "/workspace";
    public static final String CACHE_MOUNT = "/cache";
    public static final String SECRETS_MOUNT = "/run/secrets";

    /**
     * What git inside the sandbox reads from the environment (under the command's own variables): no system
     * configuration, no fsmonitor, and {@code safe.directory} set, since the work tree belongs to another user
     * inside the sandbox's user namespace.
     */
    public static final Map<String, String> GIT_ENV = Map.of(
            "GIT_CONFIG_NOSYSTEM", "1",
            "GIT_CONFIG_COUNT", "2",
            "GIT_CONFIG_KEY_0", "safe.directory",
            "GIT_CONFIG_VALUE_0", "*",
            "GIT_CONFIG_KEY_1", "core.fsmonitor",
            "GIT_CONFIG_VALUE_1", "false");

    public SandboxRequest(
            String command,
            Path workspace,
            Map<String, String> env,
            Duration timeout,
            SandboxLimits limits,
            boolean allowNetwork,
            String image,
            Consumer<String> output,
            Path cacheDir,
            Path egressSocket) {
        this(command, workspace, env, timeout, limits, allowNetwork, image, output, cacheDir, egressSocket, null);
    }

    public SandboxRequest(
            String command,
            Path workspace,
            Map<String, String> env,
            Duration timeout,
            SandboxLimits limits,
            boolean allowNetwork,
            String image,
            Consumer<String> output) {
        this(command, workspace, env, timeout, limits, allowNetwork, image, output, null, null, null);
    }

    public SandboxRequest withCommand(String other) {
        return new SandboxRequest(
                other,
                workspace,
                env,
                timeout,
                limits,
                allowNetwork,
                image,
                output,
                cacheDir,
                egressSocket,
                secretsDir);
    }

    public SandboxRequest withCache(Path dir) {
        return new SandboxRequest(
                command, workspace, env, timeout, limits, allowNetwork, image, output, dir, egressSocket, secretsDir);
    }

    public SandboxRequest withEgress(Path socket) {
        return new SandboxRequest(
                command, workspace, env, timeout, limits, allowNetwork, image, output, cacheDir, socket, secretsDir);
    }

    /** With the secret files and the environment that names them. */
    public SandboxRequest withSecretFiles(SecretFiles files) {
        return new SandboxRequest(
                        command,
                        workspace,
                        env,
                        timeout,
                        limits,
                        allowNetwork,
                        image,
                        output,
                        cacheDir,
                        egressSocket,
                        files.mounted() ? files.dir() : null)
                .withEnv(files.env());
    }

    public SandboxRequest withEnv(Map<String, String> more) {
        var all = new java.util.HashMap<>(env);
        all.putAll(more);
        return new SandboxRequest(
                command,
                workspace,
                Map.copyOf(all),
                timeout,
                limits,
                allowNetwork,
                image,
                output,
                cacheDir,
                egressSocket,
                secretsDir);
    }

    /**
     * The command line to run: with an egress socket, a bridge from 127.0.0.1:3128 to the socket is started
     * first (socat, from the host's /usr) and waited for.
     */
    public String effectiveCommand() {
        if (egressSocket == null) return command;
        String bridge =
                "socat TCP-LISTEN:3128,bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:/run/matrix-architect/egress.sock"
                        + " </dev/null >/dev/null 2>&1 &\n"
                        + "i=0; until socat -u /dev/null TCP:127.0.0.1:3128 2>/dev/null; do i=$((i+1));"
                        + " [ $i -gt 100 ] && echo '[matrix-architect] the egress bridge did not start' >&2 && exit 125;"
                        + " sleep 0.05; done\n";
        return bridge + command;
    }

    /** Environment that points common tools at the egress bridge. */
    public static Map<String, String> proxyEnv() {
        String url = "http://127.0.0.1:3128";
        return Map.of(
                "HTTPS_PROXY",
                url,
                "https_proxy",
                url,
                "HTTP_PROXY",
                url,
                "http_proxy",
                url,
                "NO_PROXY",
                "localhost,127.0.0.1",
                "no_proxy",
                "localhost,127.0.0.1");
    }
}
