package ai.matrix.architect.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;

/** Makes docker-java clients and asks whether an engine answers. */
public final class DockerEngine {
    private DockerEngine() {}

    public static DockerClient connect(String host) {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host)
                .build();
        var http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(3))
                .maxConnections(64)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** True when an engine answers a ping at {@code host} within a few seconds. */
    public static boolean answers(String host) {
        try (DockerClient client = connect(host)) {
            client.pingCmd().exec();
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
