package ai.matrix.architect.verify;

import ai.matrix.architect.ecosystem.Check;
import ai.matrix.architect.ecosystem.Ecosystems;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.sandbox.SandboxRequest;
import ai.matrix.architect.sandbox.egress.RegistryAccess;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How one check reaches the network: a fetch or scan of an ecosystem with a registry allow-list goes out only
 * through the egress proxy (when the sandbox can route it and mounts the project's cache); the job's
 * {@code allow_network} opens the network to every check.
 *
 * @param registry the check's ecosystem's registry access, if it has one
 * @param needsRegistry the check needs a registry and the job gives it no network of its own
 * @param proxied it goes out through the egress proxy only
 * @param network it runs with network access
 * @param phase the settings and environment it gets
 */
record CheckRoute(
        Optional<RegistryAccess> registry,
        boolean needsRegistry,
        boolean proxied,
        boolean network,
        RegistryAccess.Phase phase) {

    static CheckRoute of(Job job, Check check, Path cache, boolean egressSupported) {
        Optional<RegistryAccess> registry = Ecosystems.registryFor(check.profile());
        boolean needsRegistry = check.usesRegistry() && !job.spec().allowNetwork();
        boolean proxied = needsRegistry && registry.isPresent() && cache != null && egressSupported;
        boolean network = job.spec().allowNetwork() || (needsRegistry && !proxied);
        RegistryAccess.Phase phase = proxied
                ? RegistryAccess.Phase.FETCH_VIA_PROXY
                : check.usesRegistry() ? RegistryAccess.Phase.FETCH_DIRECT : RegistryAccess.Phase.OFFLINE;
        return new CheckRoute(registry, needsRegistry, proxied, network, phase);
    }

    /**
     * The request's first command, when the request names an ecosystem in {@code verify.profile} and gives no
     * network, fetches its dependencies through the egress proxy into the project's cache and then runs offline.
     */
    static Optional<RegistryAccess> twoPhase(Job job, Check check, Path cache, boolean egressSupported) {
        if (job.spec().allowNetwork()
                || job.spec().verify() == null
                || !check.name().equals("command-1")
                || cache == null
                || !egressSupported) {
            return Optional.empty();
        }
        return Ecosystems.registryFor(job.spec().verify().profile());
    }

    /** The check's command with its phase's preamble when a project cache is mounted. */
    String command(Check check, Path cache) {
        return cache != null && registry.isPresent()
                ? registry.get().preamble(phase) + check.command()
                : check.command();
    }

    /** {@code env} with the phase's environment and the cache's mount point when a project cache is mounted. */
    Map<String, String> env(Map<String, String> env, Path cache) {
        if (cache == null) return env;
        if (registry.isPresent()) return new LinkedHashMap<>(registry.get().merged(phase, env));
        Map<String, String> out = new LinkedHashMap<>(env);
        out.put(RegistryAccess.CACHE_ENV, SandboxRequest.CACHE_MOUNT);
        return out;
    }

    /** How the log's header names its network access. */
    String describe() {
        return network ? ", network allowed" : proxied ? ", egress proxy only" : ", no network";
    }
}
