package ai.matrix.architect.evidence;

import ai.matrix.architect.artifact.ArtifactInfo;
import ai.matrix.architect.artifact.Artifacts;
import ai.matrix.architect.job.Job;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The job's whole evidence as one zip, everything {@code verify-job} needs offline: every artifact (the diff, the
 * SBOM, the test report, the provenance and verification summary, logs), the ledger's statements under
 * {@code ledger/} in chain order, the public key and a manifest of SHA-256 digests.
 */
@Component
public class LedgerBundle {
    private final Artifacts artifacts;
    private final Ledger ledger;
    private final AttestationKeys keys;

    LedgerBundle(Artifacts artifacts, Ledger ledger, AttestationKeys keys) {
        this.artifacts = artifacts;
        this.ledger = ledger;
        this.keys = keys;
    }

    public void write(Job job, OutputStream target) throws IOException {
        ObjectNode manifest = Dsse.json().createObjectNode();
        manifest.put("job", job.id());
        manifest.put("repository", job.repoDisplay());
        manifest.put("base_commit", job.baseCommit());
        manifest.put("result_commit", job.resultCommit());
        manifest.put("attestation_key_id", keys.keyId());
        ArrayNode files = manifest.putArray("files");
        ArrayNode chain = manifest.putArray("ledger");
        ZipOutputStream out = new ZipOutputStream(target);
        for (ArtifactInfo a : artifacts.list(job.id())) {
            if (a.name().equals(EvidenceRecorder.BUNDLE)) continue;
            out.putNextEntry(new ZipEntry(a.name()));
            try (InputStream in = artifacts.open(a)) {
                in.transferTo(out);
            }
            out.closeEntry();
            files.addObject().put("name", a.name()).put("sha256", a.sha256());
        }
        for (Ledger.Statement s : ledger.statements(job.id())) {
            entry(out, s.fileName(), s.envelope().getBytes(StandardCharsets.UTF_8));
            chain.addObject().put("file", s.fileName()).put("kind", s.kind()).put("payload_sha256", s.payloadSha256());
        }
        entry(out, "attestation-key.pem", keys.publicPem().getBytes(StandardCharsets.UTF_8));
        entry(out, "manifest.json", manifest.toPrettyString().getBytes(StandardCharsets.UTF_8));
        out.finish();
    }

    private static void entry(ZipOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(bytes);
        out.closeEntry();
    }
}
