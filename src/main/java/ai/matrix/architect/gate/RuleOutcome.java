package ai.matrix.architect.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What one rule made of one input.
 *
 * @param matched whether the rule's {@code when} was true
 * @param outcome the rule's decision when it matched, else allow
 * @param error why the rule could not be evaluated (the rule then denies: the gate fails closed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleOutcome(
        String policy,
        int version,
        String rule,
        boolean matched,
        String outcome,
        String message,
        Integer approvals,
        List<String> roles,
        String error) {}
