package ai.matrix.architect.publish;

import ai.matrix.architect.artifact.ArtifactInfo;
import ai.matrix.architect.job.Job;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A published job as a Matrix Hub catalog manifest: {@code schema_version}, {@code type}, {@code id} (the Hub's
 * pattern {@code ^[a-z0-9][a-z0-9._-]*$}), {@code name}, {@code version}, {@code description}, {@code license},
 * {@code artifacts} (the pushed branch as {@code git}, the evidence artifact as {@code oci}) and {@code
 * sig_uri}/{@code sbom_uri} pointing at the attestation and the SBOM.
 */
record HubManifest(Job job, PublishOutput out, List<ArtifactInfo> artifacts, String uiUrl) {
    static final String ID_PATTERN = "^[a-z0-9][a-z0-9._-]*$";

    String id() {
        String id = job.id().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        return id.matches(ID_PATTERN) ? id : "job-" + id;
    }

    String json() {
        JsonMapper json = JsonMapper.builder().build();
        String root = uiUrl == null ? "" : uiUrl.replaceAll("/+$", "");
        ObjectNode m = json.createObjectNode()
                .put("schema_version", 1)
                .put("type", "tool")
                .put("id", id())
                .put("name", new RequestBody(job, null, List.of(), null, List.of(), uiUrl).title())
                .put("version", "0.0.0+" + out.commit().substring(0, 12))
                .put("description", description())
                .put("license", "NOASSERTION");
        var list = m.putArray("artifacts");
        ObjectNode git = list.addObject().put("kind", "git");
        git.putObject("spec").put("repo", out.remote()).put("ref", out.branch()).put("commit", out.commit());
        if (out.oci() != null) {
            ObjectNode oci = list.addObject().put("kind", "oci");
            oci.putObject("spec")
                    .put("image", out.oci().reference())
                    .put("digest", out.oci().digest());
        }
        for (ArtifactInfo a : artifacts) {
            String uri = root + "/api/artifacts/" + job.id() + "/" + a.name();
            if ("sbom".equals(a.kind()) && !m.has("sbom_uri")) m.put("sbom_uri", uri);
            if ("attestation".equals(a.kind()) && !m.has("sig_uri")) m.put("sig_uri", uri);
        }
        return json.writeValueAsString(m);
    }

    private String description() {
        String summary = job.plan() == null ? "" : job.plan().path("summary").asString("");
        String goal = job.spec().goal() == null ? "" : job.spec().goal().strip();
        return summary.isBlank() ? goal : goal + " — " + summary;
    }
}
