package ai.matrix.architect.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The evidence's subject when the request names none: an image DEPLOY deployed, pinned by digest, from the repository. */
class EvidenceOciTest {
    static final String DIGEST = "sha256:" + "ab".repeat(32);
    static final PublishProperties.Oci OCI = new PublishProperties.Oci("http://127.0.0.1:5000", "acme/app", "", "");

    static JsonNode deploy(String key, String ref) {
        return JsonMapper.builder()
                .build()
                .createObjectNode()
                .set(
                        "deployed",
                        JsonMapper.builder()
                                .build()
                                .createObjectNode()
                                .put("manifests", "sha256:" + "cd".repeat(32))
                                .put(key, ref));
    }

    @Test
    void anImageDeployedByDigestFromTheConfiguredRepositoryIsTheSubject() {
        assertThat(EvidenceOci.deployedImage(
                        deploy("image/web/app", "127.0.0.1:5000/acme/app@" + DIGEST), "127.0.0.1", OCI))
                .isEqualTo(DIGEST);
    }

    @Test
    void imagesByTagFromElsewhereOrNoDeployGiveNoSubject() {
        assertThat(EvidenceOci.deployedImage(deploy("image/web/app", "127.0.0.1:5000/acme/app:1.0"), "127.0.0.1", OCI))
                .isNull();
        assertThat(EvidenceOci.deployedImage(
                        deploy("image/web/app", "registry.example/acme/app@" + DIGEST), "127.0.0.1", OCI))
                .isNull();
        assertThat(EvidenceOci.deployedImage(
                        deploy("image/web/app", "127.0.0.1:5000/acme/other@" + DIGEST), "127.0.0.1", OCI))
                .isNull();
        assertThat(EvidenceOci.deployedImage(
                        deploy("manifests2", "127.0.0.1:5000/acme/app@" + DIGEST), "127.0.0.1", OCI))
                .isNull();
        assertThat(EvidenceOci.deployedImage(null, "127.0.0.1", OCI)).isNull();
    }
}
