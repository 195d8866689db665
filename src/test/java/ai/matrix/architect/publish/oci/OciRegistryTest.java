package ai.matrix.architect.publish.oci;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Against a real registry (Debian's {@code docker-registry}, distribution 2.8, started here on a loopback port):
 * the evidence is pushed as an OCI artifact whose subject is an image, the registry has no referrers API so the
 * {@code sha256-<hex>} referrers tag is kept, the artifact is found again from the image's digest, and each layer's
 * digest and bytes match the local file.
 */
class OciRegistryTest {
    static Process registry;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("oci-registry").toRealPath();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
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
                """.formatted(dir.resolve("data"), port));
        registry = new ProcessBuilder("docker-registry", "serve", config.toString())
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
                        == 200);
    }

    @AfterAll
    static void stop() {
        if (registry != null) registry.destroy();
    }

    @Test
    void evidenceIsPushedAsAnArtifactOfTheImageAndFoundFromItsDigest() throws Exception {
        OciRegistry oci = new OciRegistry(url, "acme/app", "", "");
        // the image the job built or deployed
        OciRegistry.Descriptor config = oci.blob(
                "application/vnd.oci.image.config.v1+json",
                "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                        .getBytes(StandardCharsets.UTF_8),
                null);
        OciRegistry.Descriptor layer = oci.blob("application/vnd.oci.image.layer.v1.tar", new byte[1024], null);
        String image = "{\"schemaVersion\":2,\"mediaType\":\"" + OciRegistry.MANIFEST + "\",\"config\":" + config.json()
                + ",\"layers\":[" + layer.json() + "]}";
        OciRegistry.Descriptor subject =
                oci.putManifest("v1", OciRegistry.MANIFEST, image.getBytes(StandardCharsets.UTF_8));

        Path files = Files.createTempDirectory("evidence");
        Path bundle = Files.write(files.resolve("evidence-bundle.zip"), new byte[] {'P', 'K', 5, 6, 0, 0});
        Path sbom = Files.writeString(files.resolve("sbom.cdx.json"), "{\"bomFormat\":\"CycloneDX\"}");
        Path provenance = Files.writeString(
                files.resolve("provenance.dsse.json"), "{\"payloadType\":\"application/vnd.in-toto+json\"}");
        List<OciRegistry.Layer> layers = List.of(
                new OciRegistry.Layer("evidence-bundle.zip", "application/zip", Files.readAllBytes(bundle)),
                new OciRegistry.Layer("sbom.cdx.json", "application/vnd.cyclonedx+json", Files.readAllBytes(sbom)),
                new OciRegistry.Layer(
                        "provenance.dsse.json",
                        "application/vnd.dsse.envelope.v1+json",
                        Files.readAllBytes(provenance)));
        OciRegistry.Pushed pushed = oci.push(
                "application/vnd.matrix-architect.evidence.v1+json",
                layers,
                subject,
                Map.of("ai.matrix-architect.job", "job_1"),
                null);
        assertThat(pushed.usedReferrersTag()).isTrue(); // distribution 2.8 has no referrers API

        List<OciRegistry.Descriptor> found = oci.referrers(subject.digest());
        assertThat(found).hasSize(1);
        assertThat(found.getFirst().digest()).isEqualTo(pushed.manifest().digest());
        assertThat(found.getFirst().artifactType()).isEqualTo("application/vnd.matrix-architect.evidence.v1+json");

        JsonNode manifest =
                OciRegistry.JSON.readTree(oci.manifestBytes(found.getFirst().digest(), OciRegistry.MANIFEST)
                        .orElseThrow());
        assertThat(manifest.get("artifactType").asString())
                .isEqualTo("application/vnd.matrix-architect.evidence.v1+json");
        assertThat(manifest.get("config").get("mediaType").asString()).isEqualTo(OciRegistry.EMPTY);
        assertThat(manifest.get("config").get("digest").asString())
                .isEqualTo("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
        assertThat(manifest.get("subject").get("digest").asString()).isEqualTo(subject.digest());
        List<Path> local = List.of(bundle, sbom, provenance);
        for (int i = 0; i < local.size(); i++) {
            JsonNode l = manifest.get("layers").get(i);
            byte[] bytes = Files.readAllBytes(local.get(i));
            assertThat(l.get("digest").asString()).isEqualTo(OciRegistry.sha256(bytes));
            assertThat(l.get("annotations").get(OciRegistry.TITLE).asString())
                    .isEqualTo(local.get(i).getFileName().toString());
            assertThat(oci.blobBytes(l.get("digest").asString())).isEqualTo(bytes);
        }
        assertThat(manifest.get("layers").get(2).get("mediaType").asString())
                .isEqualTo("application/vnd.dsse.envelope.v1+json");

        // a second artifact of the same image joins the referrers tag instead of replacing it
        oci.push("application/vnd.matrix-architect.evidence.v1+json", layers.subList(1, 2), subject, Map.of(), null);
        assertThat(oci.referrers(subject.digest())).hasSize(2);
    }
}
