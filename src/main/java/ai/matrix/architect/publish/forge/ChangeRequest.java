package ai.matrix.architect.publish.forge;

import java.util.List;

/**
 * A pull or merge request as PUBLISH wants it to be.
 *
 * @param head the branch with the change
 * @param base the branch it is to be merged into
 * @param draft opened as a draft (GitHub's draft flag, GitLab's {@code Draft:} and Gitea's {@code WIP:} prefixes)
 */
public record ChangeRequest(
        String head,
        String base,
        String title,
        String body,
        List<String> labels,
        List<String> reviewers,
        boolean draft) {}
