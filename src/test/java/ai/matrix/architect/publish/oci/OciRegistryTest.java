package ai.matrix.architect.publish.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
    static TestRegistry registry;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        registry = new TestRegistry();
        url = registry.url();
    }

    @AfterAll
    static void stop() {
        if (registry != null) registry.close();
    }

    @Test
    void evidenceIsPushedAsAnArtifactOfTheImageAndFoundFromItsDigest() throws Exception {
        OciRegistry oci = new OciRegistry(url, "acme/app", "", "");
        // the image the job built or deployed
        OciRegistry.Descriptor subject = registry.image("acme/app", "v1");

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

    /**
     * A registry behind a token service (as Docker Hub, GHCR and Harbor are): the client answers the registry's
     * {@code Bearer} challenge with a token fetched from the realm with its credentials, pushes, and reads back;
     * wrong credentials fail with the token service's answer, and a realm the address policy refuses is never asked.
     */
    @Test
    void aRegistryBehindATokenServiceIsPushedToWithATokenFromItsRealm() throws Exception {
        Path dir = Files.createTempDirectory("token-registry").toRealPath();
        try (RegistryTokenService tokens = new RegistryTokenService(dir, "robot", "s3cret-pass");
                TestRegistry guarded = new TestRegistry(tokens)) {
            OciRegistry anonymous = new OciRegistry(guarded.url(), "acme/app", "", "");
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                                    OciRegistry.OciException.class,
                                    () -> anonymous.blob("application/octet-stream", new byte[] {1}, null))
                            .getMessage())
                    .contains("token service", "answered 401", "incorrect username or password");

            OciRegistry oci = new OciRegistry(guarded.url(), "acme/app", "robot", "s3cret-pass");
            byte[] content = "evidence".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            OciRegistry.Pushed pushed = oci.push(
                    "application/vnd.matrix-architect.evidence.v1+json",
                    List.of(new OciRegistry.Layer("evidence.txt", "text/plain", content)),
                    null,
                    Map.of(),
                    "job_1");
            JsonNode manifest = OciRegistry.JSON.readTree(
                    oci.manifestBytes("job_1", OciRegistry.MANIFEST).orElseThrow());
            String layer = manifest.get("layers").get(0).get("digest").asString();
            assertThat(layer).isEqualTo(OciRegistry.sha256(content));
            assertThat(oci.blobBytes(layer)).isEqualTo(content);
            assertThat(pushed.manifest().digest()).startsWith("sha256:");
            // a pull token for the first look, a push token (the registry lists the actions in any order) after
            assertThat(tokens.scopes()).hasSize(2).first().isEqualTo("repository:acme/app:pull");
            assertThat(tokens.scopes()
                            .get(1)
                            .replace("repository:acme/app:", "")
                            .split(","))
                    .containsExactlyInAnyOrder("pull", "push");

            OciRegistry refusedRealm = new OciRegistry(
                    guarded.url(),
                    "acme/app",
                    "robot",
                    "s3cret-pass",
                    host -> java.util.Optional.of("is a loopback address"));
            int asked = tokens.scopes().size();
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                                    OciRegistry.OciException.class, () -> refusedRealm.blobBytes(layer))
                            .getMessage())
                    .contains("token service 127.0.0.1 is a loopback address; connections there are not allowed");
            assertThat(tokens.scopes()).hasSize(asked);
        }
    }
}
