package ai.matrix.architect.engine;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.ecosystem.Ecosystems;
import ai.matrix.architect.job.FieldError;
import ai.matrix.architect.job.InvalidRequestException;
import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.job.Priority;
import ai.matrix.architect.workspace.RemoteRepo;
import ai.matrix.architect.workspace.RepoLocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Checks a job request completely before anything is written, and fills in the defaults. */
@Component
public class JobRequestValidator {
    static final Set<String> PROFILES = Ecosystems.profiles("auto");
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
        if (r.repo() != null) limits(r.repo(), errors);
        try {
            // a name or URL over its limit is not looked up at all
            if (errors.isEmpty()) repo = locator.locate(r.repo());
        } catch (InvalidRequestException e) {
            errors.addAll(e.errors());
        }
        if (r.goal() == null || r.goal().isBlank()) {
            errors.add(new FieldError("goal", "is required: say what the change should achieve"));
        } else if (r.goal().length() > MAX_GOAL) {
            errors.add(new FieldError("goal", "must be at most " + MAX_GOAL + " characters"));
        } else if (r.goal().chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            errors.add(new FieldError("goal", "must not contain control characters other than line breaks and tabs"));
        }
        if (r.constraints() != null) {
            if (r.constraints().maxChangedFiles() != null && r.constraints().maxChangedFiles() < 1) {
                errors.add(new FieldError("constraints.max_changed_files", "must be at least 1"));
            }
            if (r.constraints().maxDiffLines() != null && r.constraints().maxDiffLines() < 1) {
                errors.add(new FieldError("constraints.max_diff_lines", "must be at least 1"));
            }
        }
        if (r.plan() != null) errors.addAll(PlanRules.check(r.plan(), "plan"));
        if (r.verify() != null) {
            TextLimits.commands(r.verify().commands(), "verify.commands", errors);
            if (r.verify().profile() != null && !PROFILES.contains(r.verify().profile())) {
                errors.add(new FieldError("verify.profile", "must be one of " + PROFILES));
            }
        }
        if (r.deploy() != null) {
            if (r.deploy().target() == null || r.deploy().target().isBlank()) {
                errors.add(new FieldError("deploy.target", "is required when deploy is given"));
            }
            TextLimits.atMost(r.deploy().target(), TextLimits.MAX_NAME, "deploy.target", errors);
            if (r.deploy().strategy() != null && !STRATEGIES.contains(r.deploy().strategy())) {
                errors.add(new FieldError("deploy.strategy", "must be one of " + STRATEGIES));
            }
        }
        if (r.publish() != null
                && r.publish().branch() != null
                && !validBranch(r.publish().branch())) {
            errors.add(new FieldError("publish.branch", "is not a valid branch name"));
        }
        if (r.project() != null && !r.project().matches("[a-z0-9][a-z0-9_.-]{0,99}")) {
            errors.add(new FieldError("project", "no project named '" + r.project() + "' exists"));
        }
        if (!errors.isEmpty()) throw new InvalidRequestException(errors);
        return new Accepted(withDefaults(r), repo);
    }

    private static void limits(JobRequest.Repo repo, List<FieldError> errors) {
        TextLimits.atMost(repo.url(), TextLimits.MAX_URL, "repo.url", errors);
        TextLimits.atMost(repo.path(), TextLimits.MAX_URL, "repo.path", errors);
        TextLimits.atMost(repo.owner(), TextLimits.MAX_NAME, "repo.owner", errors);
        TextLimits.atMost(repo.repo(), TextLimits.MAX_NAME, "repo.repo", errors);
        TextLimits.atMost(repo.project(), TextLimits.MAX_NAME, "repo.project", errors);
        TextLimits.atMost(repo.ref(), TextLimits.MAX_NAME, "repo.ref", errors);
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
}
