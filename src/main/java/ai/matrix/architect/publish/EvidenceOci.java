package ai.matrix.architect.publish;

import ai.matrix.architect.artifact.ArtifactInfo;
import ai.matrix.architect.artifact.Artifacts;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.net.AddressPolicy;
import ai.matrix.architect.net.NetworkProperties;
import ai.matrix.architect.publish.oci.OciRegistry;
import ai.matrix.architect.secret.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Pushes a job's evidence (the bundle, the SBOM and the signed attestations, one layer each with its media type) to
 * the configured OCI repository as an artifact tagged with the job's id; {@code publish.oci: {"subject":
 * "sha256:…"}} names the image (in the same repository) the artifact is about, so that it is found among that
 * image's referrers. Without it, an image the job deployed (DEPLOY's {@code deployed} references pinned by digest,
 * {@code <registry>/<repository>@sha256:…}) in the configured repository is the subject.
 */
@Component
class EvidenceOci {
    static final String ARTIFACT_TYPE = "application/vnd.matrix-architect.evidence.v1+json";
    static final Set<String> KINDS = Set.of("evidence", "sbom", "attestation");

    private final PublishProperties props;
    private final Secrets secrets;
    private final Artifacts artifacts;
    private final AddressPolicy addresses;

    EvidenceOci(PublishProperties props, Secrets secrets, Artifacts artifacts, NetworkProperties network) {
        this.props = props;
        this.secrets = secrets;
        this.artifacts = artifacts;
        this.addresses = network.policy();
    }

    /** Whether the job asks for it: {@code publish.oci} true or an object. */
    static boolean wanted(Job job) {
        Object oci = job.spec().publish() == null ? null : job.spec().publish().oci();
        return Boolean.TRUE.equals(oci) || oci instanceof Map<?, ?>;
    }

    /** Pushes; throws {@link IllegalStateException} with a sentence when it cannot. */
    PublishOutput.Oci push(Job job, tools.jackson.databind.JsonNode deploy) throws IOException {
        PublishProperties.Oci c = props.oci();
        if (c.registry().isBlank() || c.repository().isBlank()) {
            throw new IllegalStateException(
                    "no OCI registry is configured (ARCHITECT_PUBLISH_OCI_REGISTRY (architect.publish.oci.registry) and"
                            + " ARCHITECT_PUBLISH_OCI_REPOSITORY (architect.publish.oci.repository))");
        }
        String host = URI.create(c.registry()).getHost();
        addresses.problem(host).ifPresent(p -> {
            throw new IllegalStateException("ARCHITECT_PUBLISH_OCI_REGISTRY (architect.publish.oci.registry) " + p
                    + "; connections there are not allowed");
        });
        String password = c.password().isBlank()
                ? ""
                : secrets.resolve(c.password())
                        .orElseThrow(() -> new IllegalStateException("the secret " + c.password() + " does not exist"));
        OciRegistry oci = new OciRegistry(c.registry(), c.repository(), c.username(), password, addresses::problem);
        List<OciRegistry.Layer> layers = new ArrayList<>();
        for (ArtifactInfo a : artifacts.list(job.id())) {
            if (!KINDS.contains(a.kind())) continue;
            try (InputStream in = artifacts.open(a)) {
                layers.add(new OciRegistry.Layer(a.name(), a.mediaType(), in.readAllBytes()));
            }
        }
        if (layers.isEmpty()) throw new IllegalStateException("the job has no evidence to push (VERIFY recorded none)");
        OciRegistry.Descriptor subject = subject(job, oci, deployedImage(deploy, host, c));
        OciRegistry.Pushed pushed = oci.push(
                ARTIFACT_TYPE,
                layers,
                subject,
                Map.of(
                        "ai.matrix-architect.job",
                        job.id(),
                        "org.opencontainers.image.revision",
                        job.resultCommit() == null ? "" : job.resultCommit()),
                job.id());
        return new PublishOutput.Oci(
                host
                        + (URI.create(c.registry()).getPort() > 0
                                ? ":" + URI.create(c.registry()).getPort()
                                : "") + "/" + c.repository() + ":" + job.id(),
                pushed.manifest().digest(),
                subject == null ? null : subject.digest());
    }

    /**
     * The digest of an image DEPLOY deployed from the configured registry and repository ({@code
     * 127.0.0.1:5000/acme/app@sha256:…}), or null when it deployed none pinned by digest there.
     */
    static String deployedImage(tools.jackson.databind.JsonNode deploy, String host, PublishProperties.Oci c) {
        if (deploy == null) return null;
        URI registry = URI.create(c.registry());
        String prefix = host + (registry.getPort() > 0 ? ":" + registry.getPort() : "") + "/" + c.repository() + "@";
        for (var e : deploy.path("deployed").properties()) {
            String ref = e.getValue().asString("");
            if (e.getKey().startsWith("image/") && ref.startsWith(prefix)) {
                String digest = ref.substring(prefix.length());
                if (digest.matches("sha256:[0-9a-f]{64}")) return digest;
            }
        }
        return null;
    }

    private static OciRegistry.Descriptor subject(Job job, OciRegistry oci, String deployed) {
        String digest = job.spec().publish().oci() instanceof Map<?, ?> m && m.get("subject") instanceof String given
                ? given
                : deployed;
        if (digest == null) return null;
        if (!digest.matches("sha256:[0-9a-f]{64}"))
            throw new IllegalStateException("publish.oci.subject is not a sha256 digest");
        byte[] manifest = oci.manifestBytes(digest, OciRegistry.MANIFEST + ", " + OciRegistry.INDEX)
                .orElseThrow(() -> new IllegalStateException("the image " + digest + " is not in the repository"));
        String type = OciRegistry.JSON.readTree(manifest).path("mediaType").asString(OciRegistry.MANIFEST);
        return new OciRegistry.Descriptor(type, digest, manifest.length, null, null);
    }
}
