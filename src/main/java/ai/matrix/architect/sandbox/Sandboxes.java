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
        Sandbox sandbox = provider.require();
        if (!sandbox.capabilities().isolated()) {
            output.accept("[matrix-architect] WARNING: sandboxing is off (ARCHITECT_SANDBOX=none); this command runs"
                    + " with the server's rights");
        }
        return sandbox.run(new SandboxRequest(
                command,
                workspace,
                Map.of(),
                props.stageTimeout(),
                SandboxLimits.defaults(),
                allowNetwork,
                null,
                output));
    }

    public String describe() {
        return provider.sandbox()
                .map(s -> s.capabilities().isolated()
                        ? s.name()
                        : s.name() + " (WARNING: not isolated; commands run with the server's rights)")
                .orElse("unavailable: " + provider.unavailableReason());
    }
}
