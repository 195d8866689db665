package ai.matrix.architect.gate;

import ai.matrix.architect.security.Role;
import ai.matrix.architect.security.Users;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The sentence GATE waits with: how many approvals, from which roles, never from the job's creator, and, when no
 * other user may approve, how to create one (a single admin cannot approve their own job).
 */
@Component
class ApproverHint {
    private final Users users;

    ApproverHint(Users users) {
        this.users = users;
    }

    /** "awaiting 1 approval from operator (or a higher role), not from the job's creator bob: REASONS[. HOW]" */
    String waiting(int required, List<String> roles, String creator, String reasons) {
        List<Role> allowed = roles.stream()
                .map(Role::parse)
                .flatMap(Optional::stream)
                .sorted()
                .toList();
        if (allowed.isEmpty()) allowed = List.of(Role.OPERATOR);
        String who = "awaiting " + required + (required == 1 ? " approval" : " approvals") + " from "
                + String.join(" or ", allowed.stream().map(Role::wire).toList())
                + " (or a higher role), not from the job's creator " + creator + ": " + reasons;
        Role lowest = allowed.stream().min(Comparator.naturalOrder()).orElseThrow();
        long others = users.list().stream()
                .filter(u -> !u.username().equals(creator))
                .filter(u -> u.role().atLeast(lowest))
                .count();
        if (others >= required) return who;
        return who + ". " + (others == 0 ? "No other user" : "Only " + others + " other user")
                + " may approve: an admin can create one with `matrix-architect users add NAME --role "
                + lowest.wire() + "` (POST /api/users), who then runs `matrix-architect approve JOB_ID`";
    }
}
