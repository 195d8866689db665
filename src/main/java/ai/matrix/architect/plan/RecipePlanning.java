package ai.matrix.architect.plan;

import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.recipe.GoalMatcher;
import ai.matrix.architect.recipe.Recipe;
import ai.matrix.architect.recipe.RecipeCatalog;
import java.util.ArrayList;
import java.util.List;

/**
 * PLAN's use of the recipe catalog: a plan's recipe ops must suit the repository's ecosystems, and a goal with no
 * plan and no model becomes a plan of recipes ({@link GoalMatcher}), one step per recipe with the reason.
 */
final class RecipePlanning {
    private RecipePlanning() {}

    static boolean hasRecipes(JobRequest.Plan plan) {
        return plan.steps() != null
                && plan.steps().stream()
                        .anyMatch(s -> s != null
                                && s.ops() != null
                                && s.ops().stream().anyMatch(o -> o != null && o.op() == JobRequest.OpKind.RECIPE));
    }

    /** The sentence saying which recipe op works on an ecosystem the repository does not have, or null. */
    static String ecosystemProblem(JobRequest.Plan plan, List<String> detected) {
        if (plan.steps() == null) return null;
        for (int s = 0; s < plan.steps().size(); s++) {
            JobRequest.Step step = plan.steps().get(s);
            if (step == null || step.ops() == null) continue;
            for (int o = 0; o < step.ops().size(); o++) {
                JobRequest.Op op = step.ops().get(o);
                if (op == null || op.op() != JobRequest.OpKind.RECIPE) continue;
                Recipe r = RecipeCatalog.named(op.name()).orElse(null);
                if (r != null && !detected.contains(r.ecosystem())) {
                    return "The recipe " + r.name() + " (plan.steps[" + s + "].ops[" + o + "]) works on "
                            + r.ecosystem() + " projects, and the repository is not one ("
                            + (detected.isEmpty()
                                    ? "no ecosystem was detected"
                                    : "it is " + String.join(", ", detected))
                            + ").";
                }
            }
        }
        return null;
    }

    /** The plan of the recipes chosen for the goal: one step per recipe, its reason as the step's rationale. */
    static JobRequest.Plan fromGoal(List<GoalMatcher.Choice> choices) {
        List<JobRequest.Step> steps = new ArrayList<>();
        for (GoalMatcher.Choice c : choices) {
            steps.add(new JobRequest.Step(
                    "recipe-" + (steps.size() + 1),
                    c.recipe().description(),
                    "chose " + c.recipe().name() + ": " + c.reason(),
                    List.of(JobRequest.Op.recipe(c.recipe().name(), c.args().isEmpty() ? null : c.args())),
                    null));
        }
        String names =
                String.join(", ", choices.stream().map(c -> c.recipe().name()).toList());
        return new JobRequest.Plan("Recipes chosen from the goal: " + names, "low", steps);
    }
}
