package ai.matrix.architect.secret;

import java.util.Optional;

/**
 * Where secret values come from. A reference names a secret; each provider reads it its own way (an
 * environment variable, a file, a Vault KV v2 path, an AWS Secrets Manager secret). Values are never logged.
 */
public interface SecretProvider {
    /** The scheme of references served by this provider: {@code env}, {@code file}, {@code vault}, {@code aws}. */
    String scheme();

    /** The secret's value, or empty when it does not exist; throws {@link SecretException} when the store fails. */
    Optional<String> get(String name);
}
