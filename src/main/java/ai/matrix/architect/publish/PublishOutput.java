package ai.matrix.architect.publish;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * PUBLISH's checkpointed output.
 *
 * @param remote the repository pushed to, as displayed
 * @param branch the branch pushed
 * @param commit the commit the branch points at
 * @param pullRequest the request's web address, or what became of a requested pull request; null when none was
 *     asked for
 * @param request the pull/merge request opened or updated; null when none
 */
@JsonPropertyOrder({"remote", "branch", "commit", "pull_request", "request"})
public record PublishOutput(
        String remote,
        String branch,
        String commit,
        @JsonInclude(JsonInclude.Include.NON_NULL) String pullRequest,
        @JsonInclude(JsonInclude.Include.NON_NULL) Request request) {

    public PublishOutput(String remote, String branch, String commit, String pullRequest) {
        this(remote, branch, commit, pullRequest, null);
    }

    /**
     * @param host the configured host's name
     * @param number the request's number (GitLab's iid)
     * @param action {@code opened} or {@code updated}
     */
    public record Request(String host, long number, String url, String action) {}
}
