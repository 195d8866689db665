package ai.matrix.architect.api;

import ai.matrix.architect.engine.ApprovalDesk;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.job.StageRecord;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The job resource of API.md. */
public record JobView(
        String id,
        String status,
        String stage,
        String priority,
        String project,
        JobRequest.Repo repo,
        String goal,
        JobRequest.Constraints constraints,
        JobRequest.Verify verify,
        JobRequest.Deploy deploy,
        JobRequest.Publish publish,
        String createdBy,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        String baseCommit,
        String resultCommit,
        String branch,
        List<StageView> stages,
        JsonNode plan,
        JsonNode evidence,
        GateView gate,
        String error) {

    public record StageView(
            String name,
            String status,
            int attempts,
            Instant startedAt,
            Instant finishedAt,
            Long durationMs,
            String summary,
            String worker) {
        static StageView of(StageRecord s) {
            Long duration = s.startedAt() != null && s.finishedAt() != null
                    ? s.finishedAt().toEpochMilli() - s.startedAt().toEpochMilli()
                    : null;
            return new StageView(
                    s.name().name(),
                    s.status().wire(),
                    s.attempts(),
                    s.startedAt(),
                    s.finishedAt(),
                    duration,
                    s.summary(),
                    s.worker());
        }
    }

    /** The gate's decision, every rule's outcome, the Guardian's answer and the approvals given so far. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record GateView(
            String decision,
            String risk,
            JsonNode reasons,
            JsonNode rules,
            Integer requiredApprovals,
            JsonNode approverRoles,
            String expiresAt,
            JsonNode guardian,
            JsonNode policies,
            JsonNode diff,
            List<ApprovalDesk.Approval> approvals) {
        static GateView of(JsonNode g, List<ApprovalDesk.Approval> approvals) {
            if (g == null) return new GateView(null, null, null, null, null, null, null, null, null, null, approvals);
            return new GateView(
                    text(g, "decision"),
                    text(g, "risk"),
                    g.get("reasons"),
                    g.get("rules"),
                    g.has("required_approvals") ? g.get("required_approvals").asInt() : null,
                    g.get("approver_roles"),
                    text(g, "expires_at"),
                    g.get("guardian"),
                    g.get("policies"),
                    g.get("diff"),
                    approvals);
        }

        private static String text(JsonNode g, String field) {
            return g.has(field) && !g.get(field).isNull() ? g.get(field).asString() : null;
        }
    }

    static JobView of(Job j, List<ApprovalDesk.Approval> approvals) {
        GateView gate = j.gate() == null && approvals.isEmpty() ? null : GateView.of(j.gate(), approvals);
        return new JobView(
                j.id(),
                j.status().wire(),
                j.stage() == null ? null : j.stage().name(),
                j.priority().name().toLowerCase(java.util.Locale.ROOT),
                j.project(),
                j.spec().repo(),
                j.spec().goal(),
                j.spec().constraints(),
                j.spec().verify(),
                j.spec().deploy(),
                j.spec().publish(),
                j.createdBy(),
                j.createdAt(),
                j.startedAt(),
                j.finishedAt(),
                j.baseCommit(),
                j.resultCommit(),
                j.branch(),
                j.stages().stream().map(StageView::of).toList(),
                j.plan(),
                j.evidence(),
                gate,
                j.error());
    }
}
