package ai.matrix.architect.secret;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * AWS Secrets Manager through the AWS SDK v2: {@code aws:prod/db#password} reads the secret {@code prod/db}
 * (GetSecretValue) and, with {@code #field}, that field of its JSON string. The endpoint can be overridden
 * (a VPC endpoint, LocalStack, a test server).
 */
public final class AwsSecretsManagerProvider implements SecretProvider, AutoCloseable {
    private final SecretsManagerClient client;

    public AwsSecretsManagerProvider(String region, URI endpoint, AwsCredentialsProvider credentials) {
        SecretsManagerClientBuilder b = SecretsManagerClient.builder()
                .region(Region.of(region))
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        if (endpoint != null) b.endpointOverride(endpoint);
        if (credentials != null) b.credentialsProvider(credentials);
        this.client = b.build();
    }

    @Override
    public String scheme() {
        return "aws";
    }

    @Override
    public Optional<String> get(String name) {
        int hash = name.indexOf('#');
        String id = hash < 0 ? name : name.substring(0, hash);
        String field = hash < 0 ? null : name.substring(hash + 1);
        GetSecretValueResponse res;
        try {
            res = client.getSecretValue(r -> r.secretId(id));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new SecretException(
                    "AWS Secrets Manager refused " + id + ": " + e.getClass().getSimpleName(), e);
        }
        String value = res.secretString();
        if (value == null) return Optional.empty();
        if (field == null) return Optional.of(value);
        JsonNode node = JsonMapper.builder().build().readTree(value).get(field);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asString());
    }

    @Override
    public void close() {
        client.close();
    }
}
