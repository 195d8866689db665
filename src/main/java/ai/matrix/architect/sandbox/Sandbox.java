package ai.matrix.architect.sandbox;

/**
 * Runs one command from an untrusted repository, isolated from the host. Implementations: bubblewrap,
 * Docker, Kubernetes, and an explicit "none" for development.
 */
public interface Sandbox {

    /** Short name used in configuration and logs: {@code bwrap}, {@code docker}, {@code none}, … */
    String name();

    /** What this sandbox can enforce, so that callers ask instead of testing types. */
    SandboxCapabilities capabilities();

    /**
     * Whether this sandbox honours {@link SandboxRequest#egressSocket()}: mounts the proxy's socket, keeps the
     * command off the network otherwise, and has socat (the host's /usr) for the bridge.
     */
    default boolean supportsEgressProxy() {
        return false;
    }

    /**
     * Whether this sandbox mounts {@link SandboxRequest#cacheDir()} at {@value SandboxRequest#CACHE_MOUNT}; where
     * it does not, VERIFY's checks keep their dependency caches inside the job's workspace.
     */
    default boolean mountsCaches() {
        return false;
    }

    /** Whether this sandbox mounts {@link SandboxRequest#secretsDir()} read-only at {@value SandboxRequest#SECRETS_MOUNT}. */
    default boolean mountsSecretFiles() {
        return false;
    }

    /**
     * Runs the request to completion (or until its timeout) and reports how it ended. Output lines are
     * handed to {@link SandboxRequest#output()} as they arrive; the call never throws for a non-zero
     * exit, only when the sandbox itself could not be started.
     */
    SandboxResult run(SandboxRequest request) throws SandboxException;
}
