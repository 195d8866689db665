package ai.matrix.architect.gate;

import ai.matrix.architect.engine.JobClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Rejects jobs whose approvals did not come before their deadline ({@link Approvals} says which and why); run by a
 * recurring db-scheduler task.
 */
@Component
public class ApprovalExpiry {
    private static final Logger log = LoggerFactory.getLogger(ApprovalExpiry.class);

    private final Approvals approvals;
    private final JobClient jobs;

    ApprovalExpiry(Approvals approvals, JobClient jobs) {
        this.approvals = approvals;
        this.jobs = jobs;
    }

    /** Expires every waiting job whose deadline passed; returns how many were rejected. */
    public int expireDue() {
        int n = 0;
        for (String id : approvals.due()) {
            String reason = approvals.expiryReason();
            if (jobs.expire(id, reason)) {
                log.info("{} rejected: {}", id, reason);
                n++;
            }
        }
        return n;
    }
}
