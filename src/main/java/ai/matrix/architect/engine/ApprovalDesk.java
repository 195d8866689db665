package ai.matrix.architect.engine;

import ai.matrix.architect.job.Job;
import java.time.Instant;
import java.util.List;

/**
 * The rules a job waiting for people is decided by: who may approve, how many must, until when. The gate package
 * owns them (and their tables); the engine only applies what they answer, in its own transaction.
 */
public interface ApprovalDesk {
    /** What a stage asks for when it waits: how many distinct people, holding one of the roles, before when. */
    record Wait(int required, List<String> roles, Instant expiresAt) {}

    /**
     * One decision on a job: approved, rejected or expired. An approval names the diff it was given for (the SHA-256
     * of the job's {@code patch.diff}, empty when nothing changed, and the base and result commits); when the job's
     * diff is no longer that one it is void ({@code voidedAt}, {@code voidReason}) and counts no more.
     */
    record Approval(
            String id,
            String actor,
            String role,
            String decision,
            String comment,
            Instant at,
            String diffDigest,
            String baseCommit,
            String resultCommit,
            Instant voidedAt,
            String voidReason) {
        public boolean counts() {
            return decision.equals("approved") && voidedAt == null;
        }
    }

    /** The diff a job has now, as approvals name it. */
    record DiffBinding(String diffDigest, String baseCommit, String resultCommit) {}

    /** Where the approvals stand after one more: the job continues once {@code count} reaches {@code required}. */
    record Tally(int count, int required, List<String> approvers) {
        public boolean reached() {
            return count >= required;
        }
    }

    /** Opens (or reopens) the wait of a job that starts waiting. */
    void open(String jobId, Wait wait);

    /**
     * Records {@code actor}'s approval of a waiting job; refuses (409) the job's creator and a second approval by
     * the same person, and (403) a role the wait does not allow when the role is known.
     */
    Tally approve(Job job, String actor, String role, String comment);

    /** Records a rejection. */
    void reject(Job job, String actor, String reason);

    /** Records that nobody decided in time. */
    void expire(Job job, String reason);

    /** Every decision on the job, oldest first. */
    List<Approval> approvals(String jobId);

    /** The diff the job has now: what an approval given now would name. */
    DiffBinding binding(Job job);
}
