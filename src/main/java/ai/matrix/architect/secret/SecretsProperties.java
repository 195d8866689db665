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
        @DefaultValue("") String awsEndpoint) {}
