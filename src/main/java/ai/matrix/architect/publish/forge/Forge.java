package ai.matrix.architect.publish.forge;

import java.util.Optional;

/**
 * One repository on a code host, through the host's REST API: what PUBLISH needs to open one request per change
 * and post the job's results on the commit. Implementations speak GitHub's, GitLab's and Gitea's documented JSON.
 */
public interface Forge {
    /** The user name git sends with the token when it pushes over https. */
    String gitUser();

    /** Empty when the token may push to the repository; else the sentence that says which permission it lacks. */
    Optional<String> cannotPush();

    /** The open request from {@code head} into {@code base}, if there is one. */
    Optional<OpenRequest> findOpen(String head, String base);

    OpenRequest create(ChangeRequest request);

    OpenRequest update(OpenRequest existing, ChangeRequest request);

    void postStatus(String commit, CommitStatus status);

    /** Whether a refused create means that an open request for the branch exists already. */
    boolean alreadyExists(ForgeException e);

    /**
     * One change, one request (Renovate's {@code ensurePr}): updates the open request of the branch, else opens
     * one; a create refused because one exists (a race with another run) updates that one instead.
     */
    default OpenRequest ensure(ChangeRequest request) {
        Optional<OpenRequest> open = findOpen(request.head(), request.base());
        if (open.isPresent()) return update(open.get(), request).as("updated");
        try {
            return create(request).as("opened");
        } catch (ForgeException e) {
            if (!alreadyExists(e)) throw e;
            OpenRequest existing = findOpen(request.head(), request.base()).orElseThrow(() -> e);
            return update(existing, request).as("updated");
        }
    }

    /** Why the token cannot be used at all (401/403/404 on the repository), in one sentence. */
    static String refused(String host, String repo, ForgeException e, String needs) {
        return switch (e.status()) {
            case 401 -> "the " + host + " token was refused (401 Unauthorized): it is wrong, expired or revoked";
            case 403 -> "the " + host + " token may not read " + repo + " (403 Forbidden): it needs " + needs;
            case 404 ->
                "the " + host + " token cannot see " + repo + " (404 Not Found): it needs " + needs
                        + ", or the repository does not exist";
            default -> throw e;
        };
    }

    /**
     * The push check of hosts that answer {@code GET /repos/{owner}/{repo}} with {@code permissions.push} (GitHub and
     * Gitea/Forgejo, which follows GitHub's shape): empty when the token may push, else the sentence saying why not.
     */
    static Optional<String> cannotPushByRepoPermissions(ForgeHttp http, String host, String repo, String needs) {
        tools.jackson.databind.JsonNode r;
        try {
            r = http.get("/repos/" + repo);
        } catch (ForgeException e) {
            return Optional.of(refused(host, repo, e, needs));
        }
        if (r.path("permissions").path("push").asBoolean(false)) return Optional.empty();
        return Optional.of("the " + host + " token can read " + repo + " but may not push to it: it needs " + needs);
    }
}
