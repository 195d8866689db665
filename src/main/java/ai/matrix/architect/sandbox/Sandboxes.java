package ai.matrix.architect.sandbox;

import ai.matrix.architect.config.ArchitectProperties;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/** Runs stage commands in the configured sandbox with the configured limits. */
@Service
public class Sandboxes {
    private final SandboxProvider provider;
    private final ArchitectProperties props;

    public Sandboxes(SandboxProvider provider, ArchitectProperties props) {
        this.provider = provider;
        this.props = props;
    }

    public SandboxResult run(String command, Path workspace, boolean allowNetwork, Consumer<String> output)
            throws SandboxException {
        return run(command, workspace, Map.of(), allowNetwork, output);
    }

    /** As {@link #run(String, Path, boolean, Consumer)}, with environment variables for the command. */
    public SandboxResult run(
            String command, Path workspace, Map<String, String> env, boolean allowNetwork, Consumer<String> output)
            throws SandboxException {
        return run(command, workspace, env, null, allowNetwork, null, output);
    }

    /**
     * Runs a command with its own environment, time limit and image (null: the configured timeout and image);
     * used by VERIFY's checks.
     */
    public SandboxResult run(
            String command,
            Path workspace,
            Map<String, String> env,
            java.time.Duration timeout,
            boolean allowNetwork,
            String image,
            Consumer<String> output)
            throws SandboxException {
        Sandbox sandbox = provider.require();
        if (!sandbox.capabilities().isolated()) {
            output.accept("[matrix-architect] WARNING: sandboxing is off (ARCHITECT_SANDBOX=none); this command runs"
                    + " with the server's rights");
        }
        return sandbox.run(new SandboxRequest(
                command,
                workspace,
                env == null ? Map.of() : Map.copyOf(env),
                timeout == null ? props.stageTimeout() : timeout,
                SandboxLimits.defaults(),
                allowNetwork,
                image,
                output));
    }

    public String describe() {
        return provider.sandbox().map(Sandbox::name).orElse("unavailable: " + provider.unavailableReason());
    }
}
