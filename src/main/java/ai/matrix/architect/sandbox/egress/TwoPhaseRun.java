package ai.matrix.architect.sandbox.egress;

import ai.matrix.architect.sandbox.Sandbox;
import ai.matrix.architect.sandbox.SandboxException;
import ai.matrix.architect.sandbox.SandboxRequest;
import ai.matrix.architect.sandbox.SandboxResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Dependencies without opening the network: first a fetch phase (the ecosystem's resolver, e.g.
 * {@code mvn dependency:go-offline}) whose only way out is an {@link EgressProxy} allowing the registry hosts,
 * writing into the project's cache; then the check itself with no network at all, against that cache. The
 * cache is per project (the caller picks the directory), so one project cannot poison another's.
 */
public final class TwoPhaseRun {
    private TwoPhaseRun() {}

    /**
     * @param fetch the fetch phase's result, or null when it could not start
     * @param check the check's result, or null when the fetch failed
     * @param egress every request the proxy saw during the fetch phase
     */
    public record Result(SandboxResult fetch, SandboxResult check, List<EgressProxy.Request> egress) {
        public boolean succeeded() {
            return fetch != null && fetch.succeeded() && check != null && check.succeeded();
        }
    }

    /** A socket path under {@code dir}, or under a fresh temporary directory when that would be too long. */
    static Path socketPath(Path dir) throws IOException {
        String name = "e" + UUID.randomUUID().toString().substring(0, 8) + ".sock";
        Path p = dir.toAbsolutePath().resolve(name);
        // Unix socket paths are limited to 107 bytes
        return p.toString().length() < 100
                ? p
                : Files.createTempDirectory("mae").resolve(name);
    }

    /** A run through the proxy: its result and every request the proxy saw. */
    public record Fetched(SandboxResult result, List<EgressProxy.Request> egress) {}

    /**
     * Runs {@code request} with an {@link EgressProxy} allowing {@code allowedHosts} as its only way out: no
     * network of its own, the proxy's socket bridged to 127.0.0.1:{@value EgressProxy#SANDBOX_PORT} and
     * {@code HTTPS_PROXY} etc. pointing there. The fetch phase of {@link #run} and VERIFY's fetch checks both run
     * this way. {@code socketDir} is a server-private directory for the proxy's socket.
     */
    public static Fetched throughProxy(
            Sandbox sandbox, SandboxRequest request, Set<String> allowedHosts, Path socketDir)
            throws IOException, SandboxException {
        Files.createDirectories(socketDir);
        try (EgressProxy proxy = EgressProxy.start(socketPath(socketDir), allowedHosts)) {
            request.output()
                    .accept("[matrix-architect] fetch phase: only "
                            + String.join(", ", allowedHosts.stream().sorted().toList())
                            + " through the egress proxy");
            SandboxRequest r = request.withEgress(proxy.socket());
            SandboxResult result = sandbox.run(new SandboxRequest(
                    r.command(),
                    r.workspace(),
                    r.env(),
                    r.timeout(),
                    r.limits(),
                    false,
                    r.image(),
                    r.output(),
                    r.cacheDir(),
                    r.egressSocket(),
                    r.secretsDir()));
            return new Fetched(result, proxy.requests());
        }
    }

    /**
     * Runs {@code fetchCommand} (null: the ecosystem's own) with the proxy, then {@code check} (the request's
     * command) without network. {@code socketDir} is a server-private directory for the proxy's socket.
     */
    public static Result run(
            Sandbox sandbox,
            SandboxRequest check,
            RegistryAccess ecosystem,
            String fetchCommand,
            Path cache,
            Set<String> allowedHosts,
            Path socketDir)
            throws SandboxException {
        List<EgressProxy.Request> egress;
        SandboxResult fetched;
        try {
            Files.createDirectories(cache);
            RegistryAccess.Phase phase = RegistryAccess.Phase.FETCH_VIA_PROXY;
            SandboxRequest fetch = check.withCommand(ecosystem.preamble(phase)
                            + (fetchCommand != null ? fetchCommand : ecosystem.fetchCommand()))
                    .withCache(cache)
                    .withEnv(ecosystem.merged(phase, check.env()));
            Fetched f = throughProxy(sandbox, fetch, allowedHosts, socketDir);
            fetched = f.result();
            egress = f.egress();
            if (!fetched.succeeded()) return new Result(fetched, null, egress);
        } catch (IOException e) {
            throw new SandboxException("cannot prepare the dependency cache: " + e.getMessage(), e);
        }
        check.output().accept("[matrix-architect] check phase: no network");
        SandboxRequest offline = new SandboxRequest(
                        ecosystem.preamble(RegistryAccess.Phase.OFFLINE) + check.command(),
                        check.workspace(),
                        check.env(),
                        check.timeout(),
                        check.limits(),
                        false,
                        check.image(),
                        check.output(),
                        cache,
                        null,
                        check.secretsDir())
                .withEnv(ecosystem.merged(RegistryAccess.Phase.OFFLINE, check.env()));
        return new Result(fetched, sandbox.run(offline), egress);
    }
}
