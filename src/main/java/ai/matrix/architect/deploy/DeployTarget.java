package ai.matrix.architect.deploy;

import java.time.Instant;

/**
 * One configured deploy target, whatever its type: the four things DEPLOY and an explicit rollback ask of it.
 * {@link ReleaseFlow} owns the release record (idempotency, status, which release is current); a target only
 * talks to what it deploys to. Every type passes the one contract suite (DeployTargetContract in the tests).
 */
public interface DeployTarget {

    /** {@code command}, {@code kubernetes}, {@code helm} or {@code argocd}. */
    String type();

    /**
     * Deploys the release. A resumed attempt calls this again for the same release id, so it must not deploy the
     * release twice (apply is idempotent; a GitOps commit already made for the release is not made again).
     *
     * @throws DeployException when the target refused or failed the deploy (the release then fails)
     */
    Deployed deploy(ReleaseRequest release) throws DeployException, InterruptedException;

    /** Waits until what {@code deployed} describes is healthy, or the deadline passes; never throws for sickness. */
    Health awaitHealth(ReleaseRequest release, Deployed deployed, Instant deadline)
            throws DeployException, InterruptedException;

    /** Whether this target can go back to an earlier release at all (a command target needs its rollback command). */
    default boolean canRollBack() {
        return true;
    }

    /**
     * Puts the earlier release {@code to} back on the target ({@code to} is null when no release was ever healthy
     * here; only a command target does anything then). {@link #awaitHealth} follows.
     */
    Deployed rollBack(ReleaseRequest release, ReleaseRecord to) throws DeployException, InterruptedException;

    /** What runs on the target now, as the target itself says (not the database). */
    TargetState describe() throws DeployException;
}
