package ai.matrix.architect.sandbox.egress;

import ai.matrix.architect.sandbox.SandboxRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * How one ecosystem fetches its dependencies into a project's cache (mounted at {@value SandboxRequest#CACHE_MOUNT})
 * through the egress proxy, and how its checks then find them there with no network. The ecosystems that have a
 * registry allow-list implement it (package {@code ai.matrix.architect.ecosystem}); the sandbox only knows this port.
 *
 * <p>The cache is shared by every job of one project, concurrently too, and sandboxed code can write to it; so
 * whatever a phase needs beyond the packages themselves (Maven's settings) is written by the phase's
 * {@link #preamble} into the run's own /tmp, never into the cache.
 */
public interface RegistryAccess {
    /** A command's relation to the network: which settings and environment it gets. */
    enum Phase {
        /** Resolving dependencies with the egress proxy as the only way out. */
        FETCH_VIA_PROXY,
        /** Resolving dependencies with the network (the job allows it, or the sandbox cannot route the proxy). */
        FETCH_DIRECT,
        /** Everything else: no network, dependencies from the cache only. */
        OFFLINE
    }

    /** The environment variable that tells a command where its project's cache is mounted. */
    String CACHE_ENV = "MATRIX_ARCHITECT_CACHE";

    /** The home of a phase's tools: in the run's private /tmp. */
    String HOME = "/tmp/matrix-architect-home";

    /** The address of the egress proxy as a sandboxed command reaches it. */
    String PROXY_URL = "http://127.0.0.1:" + EgressProxy.SANDBOX_PORT;

    /** The command that resolves the ecosystem's dependencies when the request names no fetch check. */
    String fetchCommand();

    /** The ecosystem's public registry: the default allow-list of its fetch phase. */
    Set<String> registryHosts();

    /**
     * Shell lines run inside the sandbox before the phase's command: they write what the tool reads besides
     * its environment (Maven's settings) into the run's private /tmp.
     */
    default String preamble(Phase phase) {
        return "";
    }

    /**
     * The environment of a phase on top of the command's own {@code base}: where the tool finds the project's
     * cache, and in the fetch phase how it reaches the egress proxy when it ignores {@code HTTPS_PROXY}.
     */
    Map<String, String> env(Phase phase, Map<String, String> base);

    /** {@code base} with the phase's environment on top, and {@value #CACHE_ENV} naming the mount. */
    default Map<String, String> merged(Phase phase, Map<String, String> base) {
        Map<String, String> all = new HashMap<>(base);
        all.putAll(env(phase, base));
        all.put(CACHE_ENV, SandboxRequest.CACHE_MOUNT);
        return Map.copyOf(all);
    }
}
