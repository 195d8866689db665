package ai.matrix.architect.sandbox;

import java.util.Optional;

/** The sandbox this server uses, or the reason it has none. */
public record SandboxProvider(Optional<Sandbox> sandbox, String unavailableReason) {
    public static final String INSTALL_HINT =
            "start a Docker engine, or install bubblewrap (apt-get install -y bubblewrap), or set"
                    + " ARCHITECT_SANDBOX=none to run without isolation (development only)";

    public static SandboxProvider of(Sandbox sandbox) {
        return new SandboxProvider(Optional.of(sandbox), null);
    }

    public static SandboxProvider unavailable(String reason) {
        return new SandboxProvider(Optional.empty(), reason);
    }

    public Sandbox require() throws SandboxException {
        return sandbox.orElseThrow(() -> new SandboxException(unavailableReason));
    }
}
