package ai.matrix.architect.evidence;

import ai.matrix.architect.engine.ApprovalDesk;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.StageName;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The predicates of the ledger's statements, from what the job recorded (docs/evidence.md lists every field). The
 * release and the publication copy what DEPLOY and PUBLISH checkpointed, whatever shape their targets give it.
 */
final class LedgerPredicates {
    private LedgerPredicates() {}

    /** SHA-256 of the plan as the server serialises it (compact JSON); the plan itself is in the predicate. */
    static String planDigest(JsonNode plan) {
        return EvidenceRecorder.sha256((plan == null ? "null" : plan.toString()).getBytes(StandardCharsets.UTF_8));
    }

    static ObjectNode plan(Job job) {
        ObjectNode p = Dsse.json().createObjectNode();
        p.put("goal", job.spec().goal());
        JsonNode out = job.stage(StageName.PLAN).output();
        ObjectNode planner = p.putObject("planner");
        planner.put("kind", out == null ? "request" : out.path("source").asString("request"));
        planner.set("details", out == null ? null : Ledger.copyOrNull(out.get("planner")));
        p.put("base_commit", out == null ? null : out.path("base_commit").asString(null));
        p.put("plan_digest", planDigest(job.plan()));
        p.set("plan", Ledger.copyOrNull(job.plan()));
        return p;
    }

    static ObjectNode gate(Job job, Map<String, String> evidenceDigests) {
        JsonNode g = job.gate();
        ObjectNode p = Dsse.json().createObjectNode();
        for (String field : new String[] {
            "decision",
            "risk",
            "reasons",
            "policies",
            "policy_digests",
            "rules",
            "guardian",
            "required_approvals",
            "approver_roles",
            "diff"
        }) {
            p.set(field, Ledger.copyOrNull(g.get(field)));
        }
        ObjectNode evidence = p.putObject("evidence");
        evidenceDigests.forEach(evidence::put);
        return p;
    }

    static ObjectNode approval(ApprovalDesk.Approval a) {
        ObjectNode p = Dsse.json().createObjectNode();
        p.put("approver", a.actor());
        p.put("role", a.role());
        p.put("at", a.at().toString());
        p.put("comment", a.comment());
        ObjectNode diff = p.putObject("diff");
        diff.put("sha256", a.diffDigest());
        diff.put("base_commit", a.baseCommit());
        diff.put("result_commit", a.resultCommit());
        return p;
    }

    static ObjectNode release(Job job) {
        ObjectNode p = Dsse.json().createObjectNode();
        JsonNode out = job.stage(StageName.DEPLOY).output();
        ObjectNode release = out == null ? Dsse.json().createObjectNode() : (ObjectNode) out.deepCopy();
        release.remove("output"); // what the command printed: in the stage log, not a fact of the release
        p.put("target", release.path("target").asString(null));
        p.put("environment", release.path("environment").asString(null));
        p.put("release_id", release.path("release_id").asString(null));
        p.put("deployed_commit", job.resultCommit());
        p.set("deployed_digests", Ledger.copyOrNull(release.get("digests")));
        ObjectNode health = p.putObject("health");
        health.put("url", release.path("health_url").asString(null));
        health.set("answer", Ledger.copyOrNull(release.get("health")));
        p.set("release", release);
        return p;
    }

    static ObjectNode publication(Job job) {
        ObjectNode p = Dsse.json().createObjectNode();
        JsonNode out = job.stage(StageName.PUBLISH).output();
        if (out == null) out = Dsse.json().createObjectNode();
        p.put("remote", out.path("remote").asString(null));
        p.put("branch", out.path("branch").asString(null));
        p.put("pushed_commit", out.path("commit").asString(null));
        JsonNode request = out.path("request");
        p.put("pull_request_url", request.isObject() ? request.path("url").asString(null) : null);
        p.put("pull_request", out.path("pull_request").asString(null));
        JsonNode oci = out.path("oci");
        ObjectNode digests = p.putObject("oci");
        if (oci.isObject()) {
            digests.put("reference", oci.path("reference").asString(null));
            digests.put("digest", oci.path("digest").asString(null));
            digests.put("subject", oci.path("subject").asString(null));
        }
        return p;
    }
}
