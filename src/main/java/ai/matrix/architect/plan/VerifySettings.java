package ai.matrix.architect.plan;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code verify:} section of {@code .matrix-architect.yml}.
 *
 * @param profile {@code auto} (default), {@code none}, or one ecosystem: maven, gradle, npm, python, go, cargo, make
 * @param commands explicit commands that replace the profiles' checks
 * @param image container image for all checks (container sandboxes only)
 * @param env environment for all checks
 * @param timeout wall-clock limit of each check
 * @param checks per-check overrides by check name ({@code maven-test}, {@code npm-fetch}, …) or new checks
 * @param secrets names of secrets given (as environment variables) to the checks this file defines or configures
 */
public record VerifySettings(
        String profile,
        List<String> commands,
        String image,
        Map<String, String> env,
        Duration timeout,
        Map<String, Check> checks,
        List<String> secrets) {

    public VerifySettings(
            String profile,
            List<String> commands,
            String image,
            Map<String, String> env,
            Duration timeout,
            Map<String, Check> checks) {
        this(profile, commands, image, env, timeout, checks, List.of());
    }

    public VerifySettings {
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        commands = commands == null ? List.of() : List.copyOf(commands);
        env = env == null ? Map.of() : Map.copyOf(env);
        checks = checks == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(checks));
    }

    public static VerifySettings none() {
        return new VerifySettings(null, List.of(), null, Map.of(), null, Map.of());
    }

    /**
     * One check's override, or a new check when the name is not one a profile defines.
     *
     * @param kind {@code fetch}, {@code lint}, {@code build}, {@code test} or {@code scan}
     * @param enabled false removes the check
     */
    public record Check(
            String command, String kind, String image, Map<String, String> env, Duration timeout, Boolean enabled) {
        public Check {
            env = env == null ? Map.of() : Map.copyOf(env);
        }
    }
}
