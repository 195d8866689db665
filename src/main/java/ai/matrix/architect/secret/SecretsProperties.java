package ai.matrix.architect.secret;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Secret stores ({@code architect.secrets.*}, env {@code ARCHITECT_SECRETS_*}). The environment provider is
 * always there; the others when configured.
 *
 * @param defaultProvider the scheme a bare secret name uses
 * @param envPrefix prefix of the environment variables the {@code env} provider reads
 * @param dir directory of the {@code file} provider; empty means {@code <data dir>/secrets}
 * @param vaultAddress Vault's address, e.g. {@code https://vault:8200}; empty means no Vault
 * @param vaultToken Vault token
 * @param vaultMount mount of the KV v2 engine
 * @param vaultNamespace Vault Enterprise namespace, if any
 * @param awsRegion AWS region; empty means no AWS Secrets Manager
 * @param awsEndpoint endpoint override (VPC endpoint, LocalStack); empty means AWS's own
 * @param allowed per project, the secret references its jobs may name (comma-separated, {@code *} matches any
 *     run of characters, e.g. {@code file:payments-*, vault:payments/*}); a project without an entry may name none
 *     once any entry exists, and every reference is allowed while the map is empty
 */
@ConfigurationProperties("architect.secrets")
public record SecretsProperties(
        @DefaultValue("env") String defaultProvider,
        @DefaultValue("ARCHITECT_SECRET_") String envPrefix,
        @DefaultValue("") String dir,
        @DefaultValue("") String vaultAddress,
        @DefaultValue("") String vaultToken,
        @DefaultValue("secret") String vaultMount,
        @DefaultValue("") String vaultNamespace,
        @DefaultValue("") String awsRegion,
        @DefaultValue("") String awsEndpoint,
        java.util.Map<String, String> allowed) {

    public SecretsProperties {
        allowed = allowed == null ? java.util.Map.of() : java.util.Map.copyOf(allowed);
    }

    /** Whether jobs of the project may name the secret. */
    public boolean allows(String project, String reference) {
        if (allowed.isEmpty()) return true;
        String patterns = allowed.get(project);
        if (patterns == null) return false;
        for (String p : patterns.split("[,\\s]+")) {
            if (p.isBlank()) continue;
            String regex = java.util.Arrays.stream(p.strip().split("\\*", -1))
                    .map(java.util.regex.Pattern::quote)
                    .collect(java.util.stream.Collectors.joining(".*"));
            if (reference.matches(regex)) return true;
        }
        return false;
    }
}
