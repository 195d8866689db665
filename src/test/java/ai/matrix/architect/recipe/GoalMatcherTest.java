package ai.matrix.architect.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoalMatcherTest {
    @Test
    void theSeedsGoalChoosesPyupgradeForThePythonItNamesAndTheLintFixers() {
        GoalMatcher.Match m = GoalMatcher.match("Upgrade to Python 3.11 and fix linting errors", List.of("python"));
        assertThat(m.choices()).extracting(c -> c.recipe().name()).containsExactly("python.upgrade", "python.fix-lint");
        assertThat(m.choices().getFirst().args()).isEqualTo(Map.of("target", "3.11"));
        assertThat(m.choices().getFirst().reason())
                .contains("\"upgrade python\"", "the goal names \"Python 3.11\": target 3.11");
        assertThat(m.choices().get(1).reason()).contains("\"fix lint\"", "python project");
    }

    @Test
    void aRecipeAnotherChosenOneAlreadyRunsIsLeftOut() {
        GoalMatcher.Match m = GoalMatcher.match("fix lint and sort imports", List.of("python"));
        assertThat(m.choices()).extracting(c -> c.recipe().name()).containsExactly("python.fix-lint");
        assertThat(GoalMatcher.match("Sort imports", List.of("python")).choices())
                .extracting(c -> c.recipe().name())
                .containsExactly("python.sort-imports");
    }

    @Test
    void aRequiredVersionComesFromTheGoalOrTheRecipeIsNotProposed() {
        GoalMatcher.Match m = GoalMatcher.match("Bump version to 2.4.0", List.of("python"));
        assertThat(m.choices().getFirst().args()).isEqualTo(Map.of("version", "2.4.0"));
        assertThat(GoalMatcher.match("Bump the version", List.of("python")).matched())
                .isFalse();
    }

    @Test
    void aGoalForAnotherEcosystemSaysSoAndAGoalNoRecipeMatchesNamesTheClosest() {
        GoalMatcher.Match other = GoalMatcher.match("Upgrade to Python 3.11", List.of("npm"));
        assertThat(other.failure()).contains("python.upgrade (for python projects)", "it is npm");
        GoalMatcher.Match none = GoalMatcher.match("Add a dark mode to the settings page", List.of("python"));
        assertThat(none.matched()).isFalse();
        assertThat(none.failure()).startsWith("No recipe matches the goal").contains("the closest recipes are");
    }
}
