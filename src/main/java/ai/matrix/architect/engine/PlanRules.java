package ai.matrix.architect.engine;

import ai.matrix.architect.job.FieldError;
import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.recipe.RecipeCatalog;
import ai.matrix.architect.workspace.PathRules;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules every plan must keep, whoever wrote it: a client's request, or a planner (a language model, Matrix AI).
 * One place, so that a planner cannot hand PATCH something the API would have refused.
 */
public final class PlanRules {
    private PlanRules() {}

    /** The plan's problems, each named by its field under {@code prefix} ("plan" in a request). */
    public static List<FieldError> check(JobRequest.Plan plan, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        String root = prefix.isEmpty() ? "" : prefix + ".";
        if (plan == null) {
            errors.add(new FieldError(prefix.isEmpty() ? "plan" : prefix, "is required"));
            return errors;
        }
        if (plan.steps() == null || plan.steps().isEmpty()) {
            errors.add(new FieldError(root + "steps", "must hold at least one step"));
            return errors;
        }
        if (plan.steps().size() > TextLimits.MAX_STEPS) {
            errors.add(new FieldError(root + "steps", "must hold at most " + TextLimits.MAX_STEPS + " steps"));
            return errors;
        }
        TextLimits.atMost(plan.summary(), TextLimits.MAX_SENTENCE, root + "summary", errors);
        TextLimits.atMost(plan.risk(), TextLimits.MAX_NAME, root + "risk", errors);
        for (int s = 0; s < plan.steps().size(); s++) {
            JobRequest.Step step = plan.steps().get(s);
            String at = root + "steps[" + s + "]";
            if (step == null) {
                errors.add(new FieldError(at, "must not be null"));
                continue;
            }
            List<JobRequest.Op> ops = step.ops() == null ? List.of() : step.ops();
            if (ops.size() > TextLimits.MAX_OPS) {
                errors.add(new FieldError(at + ".ops", "must hold at most " + TextLimits.MAX_OPS + " ops"));
                continue;
            }
            for (int o = 0; o < ops.size(); o++) checkOp(ops.get(o), at + ".ops[" + o + "]", errors);
            if (step.secrets() != null) {
                for (int k = 0; k < step.secrets().size(); k++) {
                    String ref = step.secrets().get(k);
                    if (ref == null || !ref.matches("[A-Za-z0-9_:/#.-]{1,200}")) {
                        errors.add(new FieldError(
                                at + ".secrets[" + k + "]", "must be a secret name like file:db-password"));
                    }
                }
            }
            TextLimits.commands(step.verify(), at + ".verify", errors);
            TextLimits.atMost(step.id(), TextLimits.MAX_NAME, at + ".id", errors);
            TextLimits.atMost(step.title(), TextLimits.MAX_SENTENCE, at + ".title", errors);
            TextLimits.atMost(step.rationale(), TextLimits.MAX_SENTENCE, at + ".rationale", errors);
        }
        return errors;
    }

    private static void checkOp(JobRequest.Op op, String at, List<FieldError> errors) {
        if (op == null || op.op() == null) {
            errors.add(new FieldError(
                    at + ".op", "is required: one of create, update, upsert, delete, patch, run, recipe"));
            return;
        }
        switch (op.op()) {
            case CREATE, UPDATE, UPSERT -> {
                checkPath(op.path(), at + ".path", errors);
                if (op.content() == null)
                    errors.add(new FieldError(
                            at + ".content", "is required for " + op.op().name().toLowerCase()));
            }
            case DELETE -> checkPath(op.path(), at + ".path", errors);
            case PATCH -> {
                if (op.diff() == null || op.diff().isBlank()) {
                    errors.add(new FieldError(at + ".diff", "is required: a unified diff in git format"));
                    return;
                }
                List<String> paths = DiffPaths.of(op.diff());
                if (paths.isEmpty()) {
                    errors.add(new FieldError(
                            at + ".diff", "names no files: it must be a unified diff with ---/+++ headers"));
                }
                for (String p : paths) {
                    PathRules.problem(p)
                            .ifPresent(problem ->
                                    errors.add(new FieldError(at + ".diff", "touches '" + p + "', which " + problem)));
                }
            }
            case RUN -> {
                if (op.command() == null || op.command().isBlank())
                    errors.add(new FieldError(at + ".command", "is required for run"));
                TextLimits.atMost(op.command(), TextLimits.MAX_COMMAND, at + ".command", errors);
                List<String> commit = op.commit() == null ? List.of() : op.commit();
                for (int c = 0; c < commit.size(); c++) checkPath(commit.get(c), at + ".commit[" + c + "]", errors);
            }
            case RECIPE -> RecipeCatalog.check(op, at, errors);
        }
    }

    private static void checkPath(String path, String field, List<FieldError> errors) {
        PathRules.problem(path).ifPresent(p -> errors.add(new FieldError(field, p)));
    }
}
