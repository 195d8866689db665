package ai.matrix.architect.sandbox;

/** What a sandbox enforces. {@code isolated=false} means commands run with the server's own rights. */
public record SandboxCapabilities(
        boolean isolated, boolean networkIsolation, boolean readOnlyHost, boolean resourceLimits) {}
