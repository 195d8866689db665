package ai.matrix.architect.verify;

import java.time.Duration;
import java.util.Map;

/**
 * One verification check: a command of a profile (or of the request or the repository's file) run in the
 * sandbox.
 *
 * @param name unique name, {@code <profile>-<kind>} for profile checks ({@code maven-test}, {@code npm-fetch})
 * @param profile the ecosystem it belongs to, or {@code custom}
 * @param kind {@code fetch} (may use the network), {@code lint}, {@code build}, {@code test} or {@code scan}
 * @param command shell command line
 * @param image container image (container sandboxes), null for the default
 * @param env environment of the command
 * @param timeout wall-clock limit, null for the server's stage timeout
 * @param unavailable why the check cannot run on this worker (its toolchain is missing), else null
 * @param secrets names of secrets this check receives as environment variables
 */
public record Check(
        String name,
        String profile,
        String kind,
        String command,
        String image,
        Map<String, String> env,
        Duration timeout,
        String unavailable,
        java.util.List<String> secrets) {

    public Check(
            String name,
            String profile,
            String kind,
            String command,
            String image,
            Map<String, String> env,
            Duration timeout,
            String unavailable) {
        this(name, profile, kind, command, image, env, timeout, unavailable, java.util.List.of());
    }

    public Check {
        env = env == null ? Map.of() : Map.copyOf(env);
        secrets = secrets == null ? java.util.List.of() : java.util.List.copyOf(secrets);
    }

    Check withSecrets(java.util.List<String> names) {
        return new Check(name, profile, kind, command, image, env, timeout, unavailable, names);
    }

    public boolean fetch() {
        return "fetch".equals(kind);
    }

    /**
     * Whether the check needs its ecosystem's registry: a fetch, or a scan that asks the registry's advisory
     * service (npm audit, pip-audit). Such a check goes out the way a fetch does: through the egress proxy.
     */
    public boolean usesRegistry() {
        return fetch() || "scan".equals(kind);
    }

    Check with(String command, String kind, String image, Map<String, String> env, Duration timeout) {
        java.util.Map<String, String> merged = new java.util.LinkedHashMap<>(this.env);
        if (env != null) merged.putAll(env);
        return new Check(
                name,
                profile,
                kind == null ? this.kind : kind,
                command == null ? this.command : command,
                image == null ? this.image : image,
                merged,
                timeout == null ? this.timeout : timeout,
                command == null ? unavailable : null,
                secrets);
    }
}
