package ai.matrix.architect.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Roles rank by their order: each may do what the ones before it may. */
class RoleTest {
    @Test
    void aRoleIsAtLeastItselfAndEveryRoleBelowIt() {
        assertThat(Role.ADMIN.atLeast(Role.OPERATOR)).isTrue();
        assertThat(Role.OPERATOR.atLeast(Role.OPERATOR)).isTrue();
        assertThat(Role.VIEWER.atLeast(Role.OPERATOR)).isFalse();
        assertThat(Role.OPERATOR.atLeast(Role.ADMIN)).isFalse();
    }

    @Test
    void wireNamesFromARoleUpwardAreInRisingOrder() {
        assertThat(Role.wiresFrom(Role.OPERATOR)).containsExactly("operator", "admin");
        assertThat(Role.wiresFrom(Role.ADMIN)).containsExactly("admin");
        assertThat(Role.wiresFrom(Role.VIEWER)).containsExactly("viewer", "operator", "admin");
    }

    @Test
    void onlyTheWireNamesOfRolesParse() {
        assertThat(Role.parse("operator")).contains(Role.OPERATOR);
        assertThat(Role.parse("OPERATOR")).isEmpty();
        assertThat(Role.parse("root")).isEmpty();
        assertThat(Role.parse(null)).isEmpty();
    }
}
