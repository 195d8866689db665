package ai.matrix.architect.gate;

import ai.matrix.architect.engine.JobClient;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Rejects jobs whose approvals did not come before their deadline; run by a recurring db-scheduler task. */
@Component
public class ApprovalExpiry {
    private static final Logger log = LoggerFactory.getLogger(ApprovalExpiry.class);

    private final JdbcClient jdbc;
    private final JobClient jobs;
    private final Clock clock;
    private final GateProperties props;

    ApprovalExpiry(JdbcClient jdbc, JobClient jobs, Clock clock, GateProperties props) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.clock = clock;
        this.props = props;
    }

    /** Expires every waiting job whose deadline passed; returns how many were rejected. */
    public int expireDue() {
        List<String> due = jdbc.sql("""
                        select w.job_id from approval_waits w join jobs j on j.id = w.job_id
                        where j.status = 'awaiting_approval' and w.expires_at <= ?""")
                .param(clock.instant().atOffset(ZoneOffset.UTC))
                .query(String.class)
                .list();
        int n = 0;
        for (String id : due) {
            String reason = "approval expired: no decision within " + human(props.approvalTimeout());
            if (jobs.expire(id, reason)) {
                log.info("{} rejected: {}", id, reason);
                n++;
            }
        }
        return n;
    }

    private static String human(java.time.Duration d) {
        if (d.toHours() > 0 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0) return d.toHours() + " h";
        if (d.toMinutes() > 0 && d.toSecondsPart() == 0) return d.toMinutes() + " min";
        return d.toSeconds() + " s";
    }
}
