package ai.matrix.architect.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.job.FieldError;
import ai.matrix.architect.job.JobRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecipeCatalogTest {
    private static List<FieldError> check(String name, Map<String, Object> args) {
        List<FieldError> errors = new ArrayList<>();
        RecipeCatalog.check(JobRequest.Op.recipe(name, args), "plan.steps[0].ops[0]", errors);
        return errors;
    }

    @Test
    void anUnknownNameIsNamedByItsFieldWithTheNearestNames() {
        List<FieldError> errors = check("python.upgarde", null);
        assertThat(errors).hasSize(1);
        assertThat(errors.getFirst().field()).isEqualTo("plan.steps[0].ops[0].name");
        assertThat(errors.getFirst().message()).contains("python.upgarde", "similar: python.upgrade");
    }

    @Test
    void argumentsOfTheWrongTypeOrUnknownOrMissingAreEachNamed() {
        assertThat(check("python.upgrade", Map.of("target", 3.11)))
                .containsExactly(new FieldError(
                        "plan.steps[0].ops[0].args.target", "must be a version such as \"3.11\" (a string)"));
        assertThat(check("python.upgrade", Map.of("target", "3.11; rm -rf /")))
                .extracting(FieldError::field)
                .containsExactly("plan.steps[0].ops[0].args.target");
        assertThat(check("python.format", Map.of("line_length", "100")))
                .extracting(FieldError::message)
                .containsExactly("is not an argument of python.format (it takes none)");
        assertThat(check("python.bump-version", Map.of()))
                .extracting(FieldError::field)
                .containsExactly("plan.steps[0].ops[0].args.version");
        assertThat(check("python.upgrade", Map.of("target", "3.10"))).isEmpty();
    }

    @Test
    void aRecipeCommandChecksItsToolsPrintsTheirVersionsThenRunsWithTheGivenValues() {
        String command = RecipeCatalog.named("python.upgrade").orElseThrow().command(Map.of("target", "3.9"));
        assertThat(command)
                .contains("command -v pyupgrade", Recipe.MISSING_LINE + "pyupgrade", Recipe.TOOL_LINE + "pyupgrade")
                .contains("--py39-plus");
        assertThat(RecipeCatalog.named("python.upgrade").orElseThrow().command(null))
                .contains("--py311-plus");
    }

    @Test
    void everyNameIsUniqueAndEveryRecipeNamesAToolAndAKnownEcosystem() {
        assertThat(RecipeCatalog.ALL.stream().map(Recipe::name)).doesNotHaveDuplicates();
        for (Recipe r : RecipeCatalog.ALL) {
            assertThat(r.tools()).as(r.name()).isNotEmpty();
            assertThat(ai.matrix.architect.ecosystem.Ecosystems.named(r.ecosystem()))
                    .as(r.name())
                    .isPresent();
        }
    }
}
