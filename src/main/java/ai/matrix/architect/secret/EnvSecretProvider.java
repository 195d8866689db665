package ai.matrix.architect.secret;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Secrets from environment variables with a prefix ({@code ARCHITECT_SECRET_} by default), so that a job can
 * only name variables meant for it: {@code env:DEPLOY_TOKEN} reads {@code ARCHITECT_SECRET_DEPLOY_TOKEN}.
 */
public final class EnvSecretProvider implements SecretProvider {
    private final String prefix;
    private final Map<String, String> env;

    public EnvSecretProvider(String prefix, Map<String, String> env) {
        this.prefix = prefix;
        this.env = Map.copyOf(env);
    }

    @Override
    public String scheme() {
        return "env";
    }

    @Override
    public Optional<String> get(String name) {
        if (!name.matches("[A-Za-z0-9_]{1,100}")) return Optional.empty();
        return Optional.ofNullable(env.get(prefix + name.toUpperCase(Locale.ROOT)));
    }
}
