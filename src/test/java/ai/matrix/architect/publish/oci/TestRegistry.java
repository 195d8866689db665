package ai.matrix.architect.publish.oci;

import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Debian's {@code docker-registry} (distribution 2.8) on a loopback port, with its storage in a temporary directory. */
public final class TestRegistry implements AutoCloseable {
    private final Process process;
    private final String url;

    public TestRegistry() throws Exception {
        this(null);
    }

    /** A registry that trusts only tokens of {@code tokens} (distribution's token authentication), when given. */
    public TestRegistry(RegistryTokenService tokens) throws Exception {
        Path dir = Files.createTempDirectory("oci-registry").toRealPath();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("config.yml");
        Files.writeString(
                config,
                """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                """.formatted(dir.resolve("data"), port)
                        + (tokens == null
                                ? ""
                                : """
                auth:
                  token:
                    realm: %s
                    service: %s
                    issuer: %s
                    rootcertbundle: %s
                """.formatted(
                                                tokens.realm(),
                                                RegistryTokenService.SERVICE,
                                                RegistryTokenService.ISSUER,
                                                tokens.certificatePem())));
        process = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile())
                .start();
        url = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> http.send(
                                        HttpRequest.newBuilder(URI.create(url + "/v2/"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == (tokens == null ? 200 : 401));
    }

    public String url() {
        return url;
    }

    /** Pushes a small image (a config and one layer) tagged {@code tag}; its manifest's descriptor. */
    public OciRegistry.Descriptor image(String repository, String tag) {
        OciRegistry oci = new OciRegistry(url, repository, "", "");
        OciRegistry.Descriptor config = oci.blob(
                "application/vnd.oci.image.config.v1+json",
                "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                        .getBytes(StandardCharsets.UTF_8),
                null);
        OciRegistry.Descriptor layer = oci.blob("application/vnd.oci.image.layer.v1.tar", new byte[1024], null);
        String image = "{\"schemaVersion\":2,\"mediaType\":\"" + OciRegistry.MANIFEST + "\",\"config\":" + config.json()
                + ",\"layers\":[" + layer.json() + "]}";
        return oci.putManifest(tag, OciRegistry.MANIFEST, image.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        process.destroy();
    }
}
