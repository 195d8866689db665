package ai.matrix.architect.secret;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The language-model keys of the original product's environment ({@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY}),
 * as secrets named {@code model-key:OPENAI_API_KEY}: only these two variables, never any other, so that naming this
 * provider cannot read the rest of the server's environment.
 */
public final class ModelKeyProvider implements SecretProvider {
    public static final String SCHEME = "model-key";
    static final Set<String> VARIABLES = Set.of("OPENAI_API_KEY", "ANTHROPIC_API_KEY");
    private final Map<String, String> env;

    public ModelKeyProvider(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public Optional<String> get(String name) {
        if (!VARIABLES.contains(name)) return Optional.empty();
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }
}
