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
@JsonPropertyOrder({"remote", "branch", "commit", "pull_request", "request", "oci"})
public record PublishOutput(
        String remote,
        String branch,
        String commit,
        @JsonInclude(JsonInclude.Include.NON_NULL) String pullRequest,
        @JsonInclude(JsonInclude.Include.NON_NULL) Request request,
        @JsonInclude(JsonInclude.Include.NON_NULL) Oci oci) {

    public PublishOutput(String remote, String branch, String commit, String pullRequest) {
        this(remote, branch, commit, pullRequest, null, null);
    }

    public PublishOutput(String remote, String branch, String commit, String pullRequest, Request request) {
        this(remote, branch, commit, pullRequest, request, null);
    }

    PublishOutput withOci(Oci pushed) {
        return new PublishOutput(remote, branch, commit, pullRequest, request, pushed);
    }

    /**
     * @param reference {@code <registry host>/<repository>:<job id>}
     * @param digest the artifact manifest's digest
     * @param subject the image it refers to, or null
     */
    public record Oci(String reference, String digest, String subject) {}

    /**
     * @param host the configured host's name
     * @param number the request's number (GitLab's iid)
     * @param action {@code opened} or {@code updated}
     */
    public record Request(String host, long number, String url, String action) {}
}
