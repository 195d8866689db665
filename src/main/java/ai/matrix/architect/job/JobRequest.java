package ai.matrix.architect.job;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/jobs}, also stored as the job's specification once defaults are filled in.
 * Unknown top-level fields are refused (a client may not set status, created_by, …).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobRequest(
        Repo repo,
        String goal,
        Constraints constraints,
        Priority priority,
        Plan plan,
        Verify verify,
        Deploy deploy,
        Publish publish,
        Boolean autoExecute,
        String project) {

    public enum RepoKind {
        @JsonProperty("github")
        GITHUB,
        @JsonProperty("gitlab")
        GITLAB,
        @JsonProperty("git")
        GIT,
        @JsonProperty("local")
        LOCAL
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Repo(RepoKind kind, String owner, String repo, String project, String url, String path, String ref) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Constraints(
            Boolean requireTests,
            Boolean securityScan,
            Boolean requireApproval,
            Integer maxChangedFiles,
            Integer maxDiffLines,
            Boolean allowNetwork) {}

    /**
     * The plan shape of the Matrix AI planner. A client's plan may hold only these fields (an unknown key is
     * refused, like a misspelt one); a planner's answer is read leniently, see {@code plan.PlanParser}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Plan(String summary, String risk, List<Step> steps) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    /**
     * A plan step. {@code secrets} names the secrets its verify commands receive as environment variables
     * (see docs/security.md); no other step or command sees them.
     */
    public record Step(
            String id, String title, String rationale, List<Op> ops, List<String> verify, List<String> secrets) {
        public Step(String id, String title, String rationale, List<Op> ops, List<String> verify) {
            this(id, title, rationale, ops, verify, null);
        }
    }

    public enum OpKind {
        @JsonProperty("create")
        CREATE,
        @JsonProperty("update")
        UPDATE,
        /** Creates the file or replaces it: for a plan that does not know (or care) whether it exists. */
        @JsonProperty("upsert")
        UPSERT,
        @JsonProperty("delete")
        DELETE,
        @JsonProperty("patch")
        PATCH,
        @JsonProperty("run")
        RUN,
        @JsonProperty("recipe")
        RECIPE
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    /**
     * One change of a step. {@code commit} (run ops only) lists files the command creates that look like build
     * outputs (binaries, object files, large files) and are to be committed all the same. A recipe op names a
     * recipe of the catalog ({@code GET /api/recipes}) and gives its {@code args} ({@code options} is accepted as
     * the older spelling).
     */
    public record Op(
            OpKind op,
            String path,
            String content,
            String diff,
            String command,
            String name,
            @JsonAlias("options") Map<String, Object> args,
            List<String> commit) {
        /** A recipe op. */
        public static Op recipe(String name, Map<String, Object> args) {
            return new Op(OpKind.RECIPE, null, null, null, null, name, args, null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Verify(List<String> commands, String profile) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Deploy(String target, String strategy) {}

    /**
     * What PUBLISH does besides pushing the branch: a pull/merge request (into {@code base}, else the job's
     * {@code repo.ref}, else {@code main}) with these labels and reviewers besides the host's configured ones;
     * with {@code reuse}, the open request an earlier job published for the same repository, base and goal is
     * updated (on its branch) instead of opening another.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Publish(
            String branch,
            Boolean pullRequest,
            Boolean hub,
            Object oci,
            String base,
            List<String> labels,
            List<String> reviewers,
            Boolean reuse) {
        public Publish(String branch, Boolean pullRequest, Boolean hub, Object oci) {
            this(branch, pullRequest, hub, oci, null, null, null, null);
        }
    }

    public boolean requireTests() {
        return constraints == null || constraints.requireTests() == null || constraints.requireTests();
    }

    public boolean allowNetwork() {
        return constraints != null && Boolean.TRUE.equals(constraints.allowNetwork());
    }

    public boolean requireApproval() {
        return constraints != null && Boolean.TRUE.equals(constraints.requireApproval());
    }
}
