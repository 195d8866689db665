package ai.matrix.architect.publish;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * PUBLISH's checkpointed output.
 *
 * @param remote the repository pushed to, as displayed
 * @param branch the branch pushed
 * @param commit the commit the branch points at
 * @param pullRequest what became of a requested pull request; null when none was asked for
 */
@JsonPropertyOrder({"remote", "branch", "commit", "pull_request"})
public record PublishOutput(
        String remote,
        String branch,
        String commit,
        @JsonInclude(JsonInclude.Include.NON_NULL) String pullRequest) {}
