package ai.matrix.architect.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audit settings, bound from {@code architect.audit.*}.
 *
 * @param headInterval how often the audit log's head is signed (also on shutdown); a head that did not move since
 *     the last signature is not signed again
 * @param headsDir where each signed head is also written as a file; empty means {@code <data dir>/audit-heads}
 */
@ConfigurationProperties("architect.audit")
public record AuditProperties(
        @DefaultValue("15m") Duration headInterval,
        @DefaultValue("") String headsDir) {}
