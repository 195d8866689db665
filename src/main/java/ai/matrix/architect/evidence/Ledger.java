package ai.matrix.architect.evidence;

import ai.matrix.architect.artifact.ArtifactInfo;
import ai.matrix.architect.artifact.Artifacts;
import ai.matrix.architect.engine.ApprovalDesk;
import ai.matrix.architect.engine.JobLedger;
import ai.matrix.architect.engine.StageOutcome;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.StageName;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The chain of signed statements of a job (docs/evidence.md, "The ledger"): one in-toto Statement v1 per decision
 * (plan, gate, approval, release, publication), each in a DSSE envelope signed with the attestation key and naming
 * the SHA-256 of the previous statement's payload, so that a removed, added or reordered statement breaks the chain.
 * Written in the transaction that applies the decision (the job's row is locked there, so one job's statements are
 * numbered one at a time).
 */
@Component
public class Ledger implements JobLedger {
    public static final String TYPE_PREFIX = "https://matrix-architect.ai/attestation/";

    /** One signed statement of a job's chain. */
    public record Statement(int seq, String kind, String payloadSha256, String envelope) {
        /** Its file name in a bundle: {@code ledger/003-approval.intoto.json}. */
        public String fileName() {
            return "ledger/" + String.format("%03d", seq) + "-" + kind + ".intoto.json";
        }
    }

    private final JdbcClient jdbc;
    private final AttestationKeys keys;
    private final Artifacts artifacts;
    private final Clock clock;

    Ledger(JdbcClient jdbc, AttestationKeys keys, Artifacts artifacts, Clock clock) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.artifacts = artifacts;
        this.clock = clock;
    }

    @Override
    public void stageFinished(Job job, StageName stage, StageOutcome outcome) {
        boolean succeeded = outcome instanceof StageOutcome.Succeeded;
        switch (stage) {
            case PLAN -> {
                if (succeeded) append(job, "plan", LedgerPredicates.plan(job), planSubject(job));
            }
            case GATE -> {
                if (job.gate() != null && !(outcome instanceof StageOutcome.Skipped)) {
                    append(job, "gate", LedgerPredicates.gate(job, digestsOf(job)), commitSubject(job));
                }
            }
            case DEPLOY -> {
                if (succeeded) append(job, "release", LedgerPredicates.release(job), commitSubject(job));
            }
            case PUBLISH -> {
                if (succeeded) append(job, "publication", LedgerPredicates.publication(job), commitSubject(job));
            }
            default -> {
                // PATCH and VERIFY are attested by the provenance and the verification summary
            }
        }
    }

    @Override
    public void approvalRecorded(Job job, ApprovalDesk.Approval approval) {
        ArrayNode subject = commitSubject(job);
        ObjectNode diff = subject.addObject();
        diff.put("name", "patch.diff");
        diff.putObject("digest").put("sha256", approval.diffDigest());
        append(job, "approval", LedgerPredicates.approval(approval), subject);
    }

    /** The job's statements, in chain order. */
    public List<Statement> statements(String jobId) {
        return jdbc.sql(
                        "select seq, kind, payload_sha256, envelope from ledger_statements where job_id = ? order by seq")
                .param(jobId)
                .query((rs, n) -> new Statement(
                        rs.getInt("seq"),
                        rs.getString("kind"),
                        rs.getString("payload_sha256"),
                        rs.getString("envelope")))
                .list();
    }

    private void append(Job job, String kind, ObjectNode predicate, ArrayNode subject) {
        List<Statement> before = statements(job.id());
        int seq = before.size() + 1;
        ObjectNode chained = Dsse.json().createObjectNode();
        chained.put("job", job.id());
        chained.put("sequence", seq);
        chained.put("previous", before.isEmpty() ? null : before.getLast().payloadSha256());
        chained.setAll(predicate);
        ObjectNode st = Dsse.json().createObjectNode();
        st.put("_type", AttestationVerifier.STATEMENT_TYPE);
        st.set("subject", subject);
        st.put("predicateType", TYPE_PREFIX + kind + "/v1");
        st.set("predicate", chained);
        byte[] payload = st.toString().getBytes(StandardCharsets.UTF_8);
        String envelope = Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, payload, keys.privateKey(), keys.keyId())
                .toString();
        jdbc.sql("insert into ledger_statements (job_id, seq, kind, payload_sha256, envelope, at)"
                        + " values (?, ?, ?, ?, ?, ?)")
                .params(
                        job.id(),
                        seq,
                        kind,
                        EvidenceRecorder.sha256(payload),
                        envelope,
                        clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }

    /** The SHA-256 of the provenance and the verification summary the gate decided on. */
    private Map<String, String> digestsOf(Job job) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String name : List.of(EvidenceRecorder.PROVENANCE, EvidenceRecorder.SUMMARY)) {
            artifacts.find(job.id(), name).map(ArtifactInfo::sha256).ifPresent(d -> out.put(name, d));
        }
        return out;
    }

    private static ArrayNode planSubject(Job job) {
        ArrayNode subject = Dsse.json().createArrayNode();
        ObjectNode plan = subject.addObject();
        plan.put("name", "plan");
        plan.putObject("digest").put("sha256", LedgerPredicates.planDigest(job.plan()));
        return subject;
    }

    private static ArrayNode commitSubject(Job job) {
        ArrayNode subject = Dsse.json().createArrayNode();
        ObjectNode commit = subject.addObject();
        commit.put("name", job.repoDisplay());
        String c = job.resultCommit() != null ? job.resultCommit() : job.baseCommit();
        commit.putObject("digest").put("gitCommit", c == null ? "" : c);
        return subject;
    }

    static JsonNode copyOrNull(JsonNode node) {
        return node == null || node.isMissingNode() ? null : node.deepCopy();
    }
}
