package ai.matrix.architect.secret;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Resolves secret references ({@code scheme:name}, or a bare name for the default provider) and registers every
 * value it hands out with the {@link Redactor}, so that the value is masked wherever the job writes it.
 */
@Service
public class Secrets {
    private final Map<String, SecretProvider> providers = new LinkedHashMap<>();
    private final String defaultScheme;
    private final Redactor redactor;
    private final SecretsProperties props;

    public Secrets(List<SecretProvider> providers, SecretsProperties props, Redactor redactor) {
        this.props = props;
        for (SecretProvider p : providers) this.providers.put(p.scheme(), p);
        this.defaultScheme = props.defaultProvider();
        this.redactor = redactor;
    }

    /** The schemes of the configured providers ({@code env}, {@code file}, …). */
    public java.util.Set<String> schemes() {
        return java.util.Collections.unmodifiableSet(providers.keySet());
    }

    /** The value, registered for redaction; empty when the provider has no such secret. */
    public Optional<String> resolve(String reference) {
        int colon = reference.indexOf(':');
        String scheme = colon < 0 ? defaultScheme : reference.substring(0, colon);
        String name = colon < 0 ? reference : reference.substring(colon + 1);
        SecretProvider provider = providers.get(scheme);
        if (provider == null) {
            throw new SecretException(
                    "no secret provider '" + scheme + "' is configured (have " + providers.keySet() + ")");
        }
        Optional<String> value = provider.get(name);
        value.ifPresent(redactor::register);
        return value;
    }

    /**
     * Environment variables for a command of a job in the project: each requested name bound to its secret's
     * value; a secret the project may not name is refused.
     */
    public Map<String, String> environment(String project, List<String> references) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String ref : references) {
            if (!props.allows(project, ref)) {
                throw new SecretException("jobs of the project '" + project + "' may not use the secret '" + ref + "'");
            }
            String var = ref.substring(ref.indexOf(':') + 1).replaceAll("[^A-Za-z0-9_]", "_");
            env.put(
                    var,
                    resolve(ref).orElseThrow(() -> new SecretException("the secret '" + ref + "' does not exist")));
        }
        return env;
    }
}
