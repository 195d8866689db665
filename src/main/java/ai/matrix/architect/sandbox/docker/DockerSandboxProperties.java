package ai.matrix.architect.sandbox.docker;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the docker sandbox, bound from {@code architect.docker.*} (environment: {@code ARCHITECT_DOCKER_*}).
 *
 * @param host the engine's address
 * @param image image used when a request names none; the default {@value SandboxImages#HOST_IMAGE} is built
 *     by the server itself and runs the host's own /usr (and an allow-list of /etc) read-only, so VERIFY has
 *     the same tools as with bubblewrap
 * @param network network a run joins when its job allows network; without that the run has none at all
 * @param reapInterval how often containers left behind by a crashed worker are looked for
 */
@ConfigurationProperties("architect.docker")
public record DockerSandboxProperties(
        @DefaultValue("unix:///var/run/docker.sock") String host,
        @DefaultValue(SandboxImages.HOST_IMAGE) String image,
        @DefaultValue("bridge") String network,
        @DefaultValue("5m") Duration reapInterval) {

    public static DockerSandboxProperties defaults() {
        return new DockerSandboxProperties(
                "unix:///var/run/docker.sock", SandboxImages.HOST_IMAGE, "bridge", Duration.ofMinutes(5));
    }
}
