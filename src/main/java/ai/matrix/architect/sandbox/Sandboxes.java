package ai.matrix.architect.sandbox;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.sandbox.egress.EgressProxy;
import ai.matrix.architect.sandbox.egress.RegistryAccess;
import ai.matrix.architect.sandbox.egress.TwoPhaseRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
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
        return run(request(command, workspace, env, null, allowNetwork, null, output));
    }

    /** A request with the server's limits, and its stage timeout when {@code timeout} is null. */
    public SandboxRequest request(
            String command,
            Path workspace,
            Map<String, String> env,
            Duration timeout,
            boolean allowNetwork,
            String image,
            Consumer<String> output) {
        Map<String, String> all = new HashMap<>(SandboxRequest.GIT_ENV);
        if (env != null) all.putAll(env);
        return new SandboxRequest(
                command,
                workspace,
                Map.copyOf(all),
                timeout == null ? props.stageTimeout() : timeout,
                SandboxLimits.defaults(),
                allowNetwork,
                image,
                output);
    }

    /** Runs the request in the configured sandbox, warning on every run when that sandbox does not isolate. */
    public SandboxResult run(SandboxRequest request) throws SandboxException {
        Sandbox sandbox = provider.require();
        if (!sandbox.capabilities().isolated()) {
            request.output()
                    .accept("[matrix-architect] WARNING: sandboxing is off (ARCHITECT_SANDBOX=none); this command runs"
                            + " with the server's rights");
        }
        return sandbox.run(request);
    }

    /**
     * The secrets (environment variable → value) of one run as files: mounted by bwrap and docker, host paths for
     * the unisolated sandbox, none for kubernetes (its commands get environment variables only). Close it when the
     * run has ended.
     */
    public SecretFiles secretFiles(Map<String, String> secrets) throws SandboxException {
        Sandbox sandbox = provider.require();
        boolean mounted = sandbox.mountsSecretFiles();
        if (secrets.isEmpty() || (!mounted && sandbox.capabilities().isolated())) return SecretFiles.none();
        return SecretFiles.write(
                secrets, mounted, props.dataDir().toAbsolutePath().normalize());
    }

    /** Whether the configured sandbox mounts a project's dependency cache ({@link SandboxRequest#cacheDir()}). */
    public boolean mountsCaches() {
        return provider.sandbox().map(Sandbox::mountsCaches).orElse(false);
    }

    /**
     * The dependency cache of one project ({@code <data dir>/caches/<hash of projectKey>}, one subdirectory per
     * tool), shared by all its jobs and by no other project's: a job can at worst spoil its own project's cache.
     */
    public Path projectCache(String projectKey) throws SandboxException {
        Path dir =
                props.dataDir().toAbsolutePath().normalize().resolve("caches").resolve(hash(projectKey));
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SandboxException("cannot create the dependency cache " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code check} with no network after fetching the ecosystem's dependencies through the egress proxy
     * into the project's cache ({@link #projectCache}). Every proxied request is written to the output.
     */
    public SandboxResult runWithDependencies(RegistryAccess ecosystem, SandboxRequest check, String projectKey)
            throws SandboxException {
        return runWithDependencies(ecosystem, null, check, projectKey);
    }

    /** As {@link #runWithDependencies(RegistryAccess, SandboxRequest, String)}, with its own fetch command. */
    public SandboxResult runWithDependencies(
            RegistryAccess ecosystem, String fetchCommand, SandboxRequest check, String projectKey)
            throws SandboxException {
        Sandbox sandbox = provider.require();
        Path data = props.dataDir().toAbsolutePath().normalize();
        var r = TwoPhaseRun.run(
                sandbox,
                check,
                ecosystem,
                fetchCommand,
                projectCache(projectKey),
                ecosystem.registryHosts(),
                data.resolve("egress"));
        logEgress(r.egress(), check.output());
        if (r.check() == null) {
            check.output()
                    .accept("[matrix-architect] the dependency fetch failed: "
                            + r.fetch().describe());
            return r.fetch();
        }
        return r.check();
    }

    /** Whether the configured sandbox can run a command with the egress proxy as its only way out. */
    public boolean egressProxySupported() {
        return provider.sandbox().map(Sandbox::supportsEgressProxy).orElse(false);
    }

    /**
     * Runs the request with no network of its own and the egress proxy, allowing only the ecosystem's registry
     * hosts, as its only way out; the caller has given it the ecosystem's
     * {@link RegistryAccess.Phase#FETCH_VIA_PROXY} settings. Every proxied request, allowed or refused, is written to
     * the output. VERIFY's {@code fetch} checks run this way.
     */
    public SandboxResult runThroughEgress(SandboxRequest request, RegistryAccess ecosystem) throws SandboxException {
        Sandbox sandbox = provider.require();
        if (!sandbox.supportsEgressProxy()) {
            throw new SandboxException("the " + sandbox.name() + " sandbox cannot route through the egress proxy");
        }
        Path data = props.dataDir().toAbsolutePath().normalize();
        try {
            var fetched = TwoPhaseRun.throughProxy(sandbox, request, ecosystem.registryHosts(), data.resolve("egress"));
            logEgress(fetched.egress(), request.output());
            return fetched.result();
        } catch (IOException e) {
            throw new SandboxException("cannot start the egress proxy: " + e.getMessage(), e);
        }
    }

    private static void logEgress(List<EgressProxy.Request> egress, Consumer<String> output) {
        output.accept("[matrix-architect] egress proxy: " + egress.size() + " request(s)");
        for (var q : egress) {
            output.accept("[egress] " + q.method() + " " + q.target()
                    + (q.allowed() ? " allowed" : " refused: " + q.outcome()));
        }
    }

    private static String hash(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String describe() {
        return provider.sandbox()
                .map(s -> s.capabilities().isolated()
                        ? s.name()
                        : s.name() + " (WARNING: not isolated; commands run with the server's rights)")
                .orElse("unavailable: " + provider.unavailableReason());
    }
}
