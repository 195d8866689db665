package ai.matrix.architect.ecosystem;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One verification check: a command of a profile (or of the request or the repository's file) run in the
 * sandbox.
 *
 * @param name unique name, {@code <profile>-<kind>} for profile checks ({@code maven-test}, {@code npm-fetch})
 * @param profile the ecosystem it belongs to, or {@value #CUSTOM}
 * @param kind what it does; a {@code fetch} may use the network
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
        CheckKind kind,
        String command,
        String image,
        Map<String, String> env,
        Duration timeout,
        String unavailable,
        List<String> secrets) {
    /** The profile of checks that no ecosystem defines: the request's, the plan's or the repository file's. */
    public static final String CUSTOM = "custom";

    public Check(
            String name,
            String profile,
            CheckKind kind,
            String command,
            String image,
            Map<String, String> env,
            Duration timeout,
            String unavailable) {
        this(name, profile, kind, command, image, env, timeout, unavailable, List.of());
    }

    public Check {
        env = env == null ? Map.of() : Map.copyOf(env);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    /** A custom check that runs tests with no environment of its own. */
    public static Check custom(String name, String command, List<String> secrets) {
        return new Check(name, CUSTOM, CheckKind.TEST, command, null, Map.of(), null, null, secrets);
    }

    public boolean isCustom() {
        return CUSTOM.equals(profile);
    }

    public Check withSecrets(List<String> names) {
        return new Check(name, profile, kind, command, image, env, timeout, unavailable, names);
    }

    public boolean fetch() {
        return kind == CheckKind.FETCH;
    }

    /**
     * Whether the check needs its ecosystem's registry: a fetch, or a scan that asks the registry's advisory
     * service (npm audit, pip-audit). Such a check goes out the way a fetch does: through the egress proxy.
     */
    public boolean usesRegistry() {
        return kind.usesRegistry();
    }

    /** This check with an override's values where it gives them; a new command makes the check available. */
    public Check with(String command, CheckKind kind, String image, Map<String, String> env, Duration timeout) {
        Map<String, String> merged = new LinkedHashMap<>(this.env);
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
