package ai.matrix.architect.engine;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.job.FieldError;
import ai.matrix.architect.job.InvalidRequestException;
import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.job.Priority;
import ai.matrix.architect.workspace.PathRules;
import ai.matrix.architect.workspace.RemoteRepo;
import ai.matrix.architect.workspace.RepoLocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Checks a job request completely before anything is written, and fills in the defaults. */
@Component
public class JobRequestValidator {
    static final Set<String> PROFILES = Set.of("maven", "gradle", "npm", "python", "go", "cargo", "make", "auto");
    static final Set<String> STRATEGIES = Set.of("rolling", "canary", "blue_green");
    private static final int MAX_GOAL = 4000;

    private final RepoLocator locator;
    private final ArchitectProperties props;

    public JobRequestValidator(RepoLocator locator, ArchitectProperties props) {
        this.locator = locator;
        this.props = props;
    }

    public record Accepted(JobRequest request, RemoteRepo repo) {}

    public Accepted validate(JobRequest r) {
        if (r == null) throw new InvalidRequestException("body", "a JSON object describing the job is required");
        List<FieldError> errors = new ArrayList<>();
        RemoteRepo repo = null;
        try {
            repo = locator.locate(r.repo());
        } catch (InvalidRequestException e) {
            errors.addAll(e.errors());
        }
        if (r.goal() == null || r.goal().isBlank()) {
            errors.add(new FieldError("goal", "is required: say what the change should achieve"));
        } else if (r.goal().length() > MAX_GOAL) {
            errors.add(new FieldError("goal", "must be at most " + MAX_GOAL + " characters"));
        }
        if (r.constraints() != null) {
            if (r.constraints().maxChangedFiles() != null && r.constraints().maxChangedFiles() < 1) {
                errors.add(new FieldError("constraints.max_changed_files", "must be at least 1"));
            }
            if (r.constraints().maxDiffLines() != null && r.constraints().maxDiffLines() < 1) {
                errors.add(new FieldError("constraints.max_diff_lines", "must be at least 1"));
            }
        }
        if (r.plan() != null) checkPlan(r.plan(), errors);
        if (r.verify() != null) {
            if (r.verify().commands() != null) {
                for (int i = 0; i < r.verify().commands().size(); i++) {
                    String c = r.verify().commands().get(i);
                    if (c == null || c.isBlank())
                        errors.add(new FieldError("verify.commands[" + i + "]", "must not be empty"));
                }
            }
            if (r.verify().profile() != null && !PROFILES.contains(r.verify().profile())) {
                errors.add(new FieldError("verify.profile", "must be one of " + PROFILES));
            }
        }
        if (r.deploy() != null) {
            if (r.deploy().target() == null || r.deploy().target().isBlank()) {
                errors.add(new FieldError("deploy.target", "is required when deploy is given"));
            }
            if (r.deploy().strategy() != null && !STRATEGIES.contains(r.deploy().strategy())) {
                errors.add(new FieldError("deploy.strategy", "must be one of " + STRATEGIES));
            }
        }
        if (r.publish() != null
                && r.publish().branch() != null
                && !validBranch(r.publish().branch())) {
            errors.add(new FieldError("publish.branch", "is not a valid branch name"));
        }
        if (r.project() != null && !r.project().equals("default")) {
            errors.add(new FieldError("project", "no project named '" + r.project() + "' exists"));
        }
        if (!errors.isEmpty()) throw new InvalidRequestException(errors);
        return new Accepted(withDefaults(r), repo);
    }

    private static boolean validBranch(String b) {
        return b.matches("[A-Za-z0-9][A-Za-z0-9._/-]{0,200}")
                && !b.contains("..")
                && !b.endsWith(".lock")
                && !b.endsWith("/")
                && !b.contains("//");
    }

    private JobRequest withDefaults(JobRequest r) {
        JobRequest.Constraints c = r.constraints();
        JobRequest.Constraints filled = new JobRequest.Constraints(
                c == null || c.requireTests() == null ? Boolean.TRUE : c.requireTests(),
                c == null || c.securityScan() == null ? Boolean.TRUE : c.securityScan(),
                c == null || c.requireApproval() == null ? props.requireApprovals() : c.requireApproval(),
                c == null ? null : c.maxChangedFiles(),
                c == null ? null : c.maxDiffLines(),
                c == null || c.allowNetwork() == null ? Boolean.FALSE : c.allowNetwork());
        return new JobRequest(
                r.repo(),
                r.goal(),
                filled,
                r.priority() == null ? Priority.NORMAL : r.priority(),
                r.plan(),
                r.verify(),
                r.deploy(),
                r.publish(),
                r.autoExecute() != null && r.autoExecute(),
                r.project() == null ? "default" : r.project());
    }

    private static void checkPlan(JobRequest.Plan plan, List<FieldError> errors) {
        if (plan.steps() == null || plan.steps().isEmpty()) {
            errors.add(new FieldError("plan.steps", "must hold at least one step"));
            return;
        }
        for (int s = 0; s < plan.steps().size(); s++) {
            JobRequest.Step step = plan.steps().get(s);
            String at = "plan.steps[" + s + "]";
            if (step == null) {
                errors.add(new FieldError(at, "must not be null"));
                continue;
            }
            List<JobRequest.Op> ops = step.ops() == null ? List.of() : step.ops();
            for (int o = 0; o < ops.size(); o++) checkOp(ops.get(o), at + ".ops[" + o + "]", errors);
            if (step.verify() != null) {
                for (int v = 0; v < step.verify().size(); v++) {
                    String c = step.verify().get(v);
                    if (c == null || c.isBlank())
                        errors.add(new FieldError(at + ".verify[" + v + "]", "must not be empty"));
                }
            }
        }
    }

    private static void checkOp(JobRequest.Op op, String at, List<FieldError> errors) {
        if (op == null || op.op() == null) {
            errors.add(new FieldError(at + ".op", "is required: one of create, update, delete, patch, run, recipe"));
            return;
        }
        switch (op.op()) {
            case CREATE, UPDATE -> {
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
            }
            case RECIPE ->
                errors.add(new FieldError(
                        at + ".op",
                        "recipe ops are not available on this server yet; use create, update, delete, patch or run"));
        }
    }

    private static void checkPath(String path, String field, List<FieldError> errors) {
        PathRules.problem(path).ifPresent(p -> errors.add(new FieldError(field, p)));
    }
}
