package ai.matrix.architect.gate;

import ai.matrix.architect.artifact.ArtifactInfo;
import ai.matrix.architect.artifact.Artifacts;
import ai.matrix.architect.engine.ApprovalDesk.Approval;
import ai.matrix.architect.engine.ApprovalDesk.DiffBinding;
import ai.matrix.architect.job.Job;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The diff a job has now, as an approval names it: the SHA-256 of its {@code patch.diff} (of no bytes when the
 * change touched nothing) and its base and result commits; and why an approval given for another diff no longer
 * counts. The result commit alone does not void an approval: the same diff on the same base is the same tree.
 */
@Component
class DiffBindings {
    static final String DIFF = "patch.diff";
    /** SHA-256 of no bytes: the diff of a change that touched nothing. */
    static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private final Artifacts artifacts;

    DiffBindings(Artifacts artifacts) {
        this.artifacts = artifacts;
    }

    DiffBinding of(Job job) {
        String base = job.baseCommit();
        String result = job.resultCommit();
        String digest = result == null || result.equals(base)
                ? EMPTY
                : artifacts.find(job.id(), DIFF).map(ArtifactInfo::sha256).orElse(EMPTY);
        return new DiffBinding(digest, base, result);
    }

    /** Why the approval no longer counts for the job's diff {@code now}; empty while it does. */
    static Optional<String> whyVoid(Approval a, DiffBinding now) {
        if (!a.decision().equals("approved") || a.voidedAt() != null) return Optional.empty();
        if (a.diffDigest() == null) {
            return Optional.of("the approval of " + a.actor() + " names no diff (it was given before approvals were"
                    + " bound to the diff)");
        }
        if (!a.diffDigest().equals(now.diffDigest())) {
            return Optional.of("the diff changed after " + a.actor() + " approved it (approved diff sha256:"
                    + shortDigest(a.diffDigest()) + ", now sha256:" + shortDigest(now.diffDigest()) + ")");
        }
        if (!Objects.equals(a.baseCommit(), now.baseCommit())) {
            return Optional.of("the base commit changed after " + a.actor() + " approved (approved on "
                    + shortDigest(a.baseCommit()) + ", now " + shortDigest(now.baseCommit()) + ")");
        }
        return Optional.empty();
    }

    static String shortDigest(String hex) {
        return hex == null ? "none" : hex.substring(0, Math.min(12, hex.length()));
    }
}
