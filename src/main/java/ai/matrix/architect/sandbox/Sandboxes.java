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

    /**
     * Runs {@code command} with no network after fetching the ecosystem's dependencies through the egress proxy
     * into the project's own cache ({@code <data dir>/caches/<ecosystem>/<hash of projectKey>}), so that one
     * project cannot poison another's. Every proxied request is written to the output.
     */
    public SandboxResult runWithDependencies(
            ai.matrix.architect.sandbox.egress.Ecosystem ecosystem,
            String command,
            Path workspace,
            String projectKey,
            Consumer<String> output)
            throws SandboxException {
        Sandbox sandbox = provider.require();
        Path data = props.dataDir().toAbsolutePath().normalize();
        Path cache = data.resolve("caches")
                .resolve(ecosystem.name().toLowerCase(java.util.Locale.ROOT))
                .resolve(hash(projectKey));
        SandboxRequest check = new SandboxRequest(
                command, workspace, Map.of(), props.stageTimeout(), SandboxLimits.defaults(), false, null, output);
        var r = ai.matrix.architect.sandbox.egress.TwoPhaseRun.run(
                sandbox, check, ecosystem, null, cache, ecosystem.registryHosts(), data.resolve("egress"));
        logEgress(r.egress(), output);
        if (r.check() == null) {
            output.accept("[matrix-architect] the dependency fetch failed: "
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
     * Runs {@code command} with no network of its own and the egress proxy, allowing only the ecosystem's
     * registry hosts, as its only way out; the command keeps its own caches (e.g. {@code -Dmaven.repo.local}
     * in the workspace). Tools that ignore {@code HTTPS_PROXY} get their proxy settings from a private,
     * per-run directory mounted at {@value SandboxRequest#CACHE_MOUNT} (Maven's settings.xml). Every proxied
     * request, allowed or refused, is written to the output. VERIFY's {@code fetch} checks run this way.
     */
    public SandboxResult runThroughEgress(
            String command,
            Path workspace,
            Map<String, String> env,
            java.time.Duration timeout,
            String image,
            ai.matrix.architect.sandbox.egress.Ecosystem ecosystem,
            Consumer<String> output)
            throws SandboxException {
        Sandbox sandbox = provider.require();
        if (!sandbox.supportsEgressProxy()) {
            throw new SandboxException("the " + sandbox.name() + " sandbox cannot route through the egress proxy");
        }
        Path data = props.dataDir().toAbsolutePath().normalize();
        Path settings = null;
        try {
            settings = java.nio.file.Files.createTempDirectory(
                    java.nio.file.Files.createDirectories(data.resolve("egress-settings")), "run");
            Map<String, String> all = new java.util.HashMap<>(env == null ? Map.of() : env);
            all.putAll(ecosystem.proxySettings(settings, all));
            SandboxRequest req = new SandboxRequest(
                    command,
                    workspace,
                    Map.copyOf(all),
                    timeout == null ? props.stageTimeout() : timeout,
                    SandboxLimits.defaults(),
                    false,
                    image,
                    output,
                    settings,
                    null);
            var fetched = ai.matrix.architect.sandbox.egress.TwoPhaseRun.throughProxy(
                    sandbox, req, ecosystem.registryHosts(), data.resolve("egress"));
            logEgress(fetched.egress(), output);
            return fetched.result();
        } catch (java.io.IOException e) {
            throw new SandboxException("cannot start the egress proxy: " + e.getMessage(), e);
        } finally {
            if (settings != null) deleteQuietly(settings);
        }
    }

    private static void logEgress(
            java.util.List<ai.matrix.architect.sandbox.egress.EgressProxy.Request> egress, Consumer<String> output) {
        output.accept("[matrix-architect] egress proxy: " + egress.size() + " request(s)");
        for (var q : egress) {
            output.accept("[egress] " + q.method() + " " + q.target()
                    + (q.allowed() ? " allowed" : " refused: " + q.outcome()));
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = java.nio.file.Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | RuntimeException ignored) {
            // a leftover settings directory holds no secret: only the proxy's loopback address
        }
    }

    private static String hash(String key) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
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
