package ai.matrix.architect.publish;

import ai.matrix.architect.artifact.ArtifactInfo;
import ai.matrix.architect.engine.ApprovalDesk;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.patch.PatchOutput;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The title and Markdown body of a job's pull/merge request: what was asked, what changed, and the proof (tests,
 * vulnerabilities, the gate's rules, approvals, the release, links, attestation digests), so that a reviewer needs
 * nothing else to decide. Built from what the stages checkpointed; nothing in it is secret (logs are not quoted).
 */
record RequestBody(
        Job job,
        PatchOutput patch,
        List<ApprovalDesk.Approval> approvals,
        JsonNode deploy,
        List<ArtifactInfo> artifacts,
        String uiUrl) {

    static final int MAX_TITLE = 100;

    String title() {
        String goal = job.spec().goal() == null ? "" : job.spec().goal().strip();
        int nl = goal.indexOf('\n');
        if (nl >= 0) goal = goal.substring(0, nl);
        if (goal.isEmpty()) goal = "Change by Matrix Architect job " + job.id();
        return goal.length() <= MAX_TITLE ? goal : goal.substring(0, MAX_TITLE - 1) + "…";
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("## Goal\n\n").append(text(job.spec().goal())).append("\n\n");
        String summary = job.plan() == null ? "" : job.plan().path("summary").asString("");
        b.append("## Plan\n\n")
                .append(summary.isBlank() ? "(no summary)" : summary)
                .append("\n\n");
        b.append("## Change\n\n");
        List<String> files = patch.changedFiles() == null ? List.of() : patch.changedFiles();
        b.append(files.size()).append(files.size() == 1 ? " file" : " files").append(" changed, ");
        b.append(patch.diffLines() == null ? 0 : patch.diffLines()).append(" lines added or removed; commit `");
        b.append(patch.resultCommit())
                .append("` on `")
                .append(patch.baseCommit())
                .append("`\n\n");
        for (String f : files.subList(0, Math.min(files.size(), 50)))
            b.append("- `").append(f).append("`\n");
        if (files.size() > 50) b.append("- … and ").append(files.size() - 50).append(" more\n");
        b.append('\n');
        verification(b);
        gate(b);
        release(b);
        links(b);
        return b.toString();
    }

    private void verification(StringBuilder b) {
        JsonNode ev = job.evidence() == null ? ai.matrix.architect.publish.forge.ForgeJson.missing() : job.evidence();
        JsonNode tests = ev.path("tests");
        b.append("## Verification\n\n");
        if (tests.isObject()) {
            b.append("Tests: **").append(tests.path("passed").asInt()).append(" passed**, ");
            b.append(tests.path("failed").asInt()).append(" failed, ");
            b.append(tests.path("skipped").asInt()).append(" skipped\n\n");
        } else {
            b.append("Tests: none recorded\n\n");
        }
        JsonNode vulns = ev.path("vulnerabilities");
        b.append("Vulnerabilities by severity: ");
        if (vulns.isObject() && !vulns.isEmpty()) {
            StringBuilder v = new StringBuilder();
            for (var e : vulns.properties()) {
                if (!v.isEmpty()) v.append(", ");
                v.append(e.getKey()).append(' ').append(e.getValue().asString());
            }
            b.append(v).append("\n\n");
        } else {
            b.append("not scanned\n\n");
        }
    }

    private void gate(StringBuilder b) {
        JsonNode gate = job.gate() == null ? ai.matrix.architect.publish.forge.ForgeJson.missing() : job.gate();
        b.append("## Gate\n\nDecision: **")
                .append(gate.path("decision").asString("none"))
                .append("**\n\n");
        JsonNode rules = gate.path("rules");
        if (rules.isArray() && !rules.isEmpty()) {
            b.append("| policy | rule | outcome | message |\n| --- | --- | --- | --- |\n");
            for (JsonNode r : rules) {
                b.append("| ").append(cell(r.path("policy").asString(""))).append(" | ");
                b.append(cell(r.path("rule").asString(""))).append(" | ");
                b.append(cell(r.path("outcome").asString(""))).append(" | ");
                b.append(cell(r.path("message").asString(""))).append(" |\n");
            }
            b.append('\n');
        }
        b.append("Approvals: ");
        List<ApprovalDesk.Approval> granted =
                approvals.stream().filter(a -> "approved".equals(a.decision())).toList();
        if (granted.isEmpty()) b.append("none\n\n");
        else {
            b.append('\n');
            for (ApprovalDesk.Approval a : granted) {
                b.append("- ").append(a.actor()).append(" at ").append(a.at());
                if (a.comment() != null && !a.comment().isBlank())
                    b.append(": ").append(cell(a.comment()));
                b.append('\n');
            }
            b.append('\n');
        }
    }

    private void release(StringBuilder b) {
        if (deploy == null || !deploy.has("release_id")) return;
        b.append("## Release\n\n`").append(deploy.path("release_id").asString()).append("` to target `");
        b.append(deploy.path("target").asString())
                .append("` (")
                .append(deploy.path("environment").asString(""));
        b.append(")\n\n");
    }

    private void links(StringBuilder b) {
        b.append("## Evidence\n\n");
        String root = uiUrl == null || uiUrl.isBlank() ? "" : uiUrl.replaceAll("/+$", "");
        if (!root.isEmpty()) {
            b.append("- Job: ").append(root).append("/jobs/").append(job.id()).append('\n');
            b.append("- Evidence bundle: ")
                    .append(root)
                    .append("/api/artifacts/")
                    .append(job.id());
            b.append("/evidence-bundle.zip\n");
        } else {
            b.append("- Job: `").append(job.id()).append("`\n");
        }
        for (ArtifactInfo a : artifacts) {
            if ("attestation".equals(a.kind()) || "evidence-bundle.zip".equals(a.name())) {
                b.append("- `")
                        .append(a.name())
                        .append("`: sha256:")
                        .append(a.sha256())
                        .append('\n');
            }
        }
        b.append("\n<sub>Opened by Matrix Architect; this body is rewritten each time the job publishes.</sub>\n");
    }

    private static String text(String s) {
        return s == null || s.isBlank() ? "(none)" : s.strip();
    }

    /** A table cell: no pipes or line breaks. */
    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
