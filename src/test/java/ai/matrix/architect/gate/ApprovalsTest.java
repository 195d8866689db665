package ai.matrix.architect.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may approve: a role the wait names, or one ranked above it; names that are not roles allow nobody. */
class ApprovalsTest {
    @Test
    void aHigherRoleMayApproveWhatALowerOneMay() {
        assertThat(Approvals.roleAllowed("admin", List.of("operator"))).isTrue();
        assertThat(Approvals.roleAllowed("operator", List.of("operator", "admin")))
                .isTrue();
    }

    @Test
    void aLowerRoleMayNot() {
        assertThat(Approvals.roleAllowed("operator", List.of("admin"))).isFalse();
        assertThat(Approvals.roleAllowed("viewer", List.of("operator", "admin")))
                .isFalse();
    }

    @Test
    void unknownNamesAllowNobody() {
        assertThat(Approvals.roleAllowed("root", List.of("operator"))).isFalse();
        assertThat(Approvals.roleAllowed("admin", List.of("superuser"))).isFalse();
    }
}
