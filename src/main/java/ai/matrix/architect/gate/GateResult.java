package ai.matrix.architect.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The gate's decision with everything that led to it; stored as the job's {@code gate} and GATE's output.
 *
 * @param reasons the messages of every rule that did not allow, and of the Guardian
 * @param rules every rule's outcome, built-in rules first
 * @param requiredApprovals how many distinct people must approve (0 unless the decision is require_approval)
 * @param approverRoles the roles whose holders (or anyone with a higher role) may approve
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GateResult(
        String decision,
        String risk,
        List<String> reasons,
        List<RuleOutcome> rules,
        int requiredApprovals,
        List<String> approverRoles,
        List<String> policies,
        GuardianAnswer guardian,
        String expiresAt) {

    GateResult withExpiry(String at) {
        return new GateResult(decision, risk, reasons, rules, requiredApprovals, approverRoles, policies, guardian, at);
    }
}
