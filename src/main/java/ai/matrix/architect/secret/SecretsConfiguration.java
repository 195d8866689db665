package ai.matrix.architect.secret;

import ai.matrix.architect.config.ArchitectProperties;
import java.net.URI;
import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The secret providers that are configured: env and file always, Vault and AWS when their settings are given. */
@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

    @Bean
    SecretProvider envSecrets(SecretsProperties props) {
        return new EnvSecretProvider(props.envPrefix(), System.getenv());
    }

    /** OPENAI_API_KEY / ANTHROPIC_API_KEY, which select the planner when none is configured. */
    @Bean
    SecretProvider modelKeys() {
        return new ModelKeyProvider(System.getenv());
    }

    @Bean
    SecretProvider fileSecrets(SecretsProperties props, ArchitectProperties architect) {
        return new FileSecretProvider(
                props.dir().isBlank() ? architect.dataDir().resolve("secrets") : Path.of(props.dir()));
    }

    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty("architect.secrets.vault-address")
    SecretProvider vaultSecrets(SecretsProperties props) {
        return new VaultKvSecretProvider(
                URI.create(props.vaultAddress()), props.vaultMount(), props.vaultToken(), props.vaultNamespace());
    }

    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty("architect.secrets.aws-region")
    SecretProvider awsSecrets(SecretsProperties props) {
        return new AwsSecretsManagerProvider(
                props.awsRegion(), props.awsEndpoint().isBlank() ? null : URI.create(props.awsEndpoint()), null);
    }
}
