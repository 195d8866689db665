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
 */
public record SandboxRequest(
        String command,
        Path workspace,
        Map<String, String> env,
        Duration timeout,
        SandboxLimits limits,
        boolean allowNetwork,
        String image,
        Consumer<String> output) {

    public static final String WORKSPACE_MOUNT = "/workspace";
}
