package ai.matrix.architect.publish.forge;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A GitHub or GitHub Enterprise repository through the REST API (version 2022-11-28): {@code GET
 * /repos/{owner}/{repo}} for the token's permissions, {@code GET/POST/PATCH .../pulls}, {@code PUT
 * .../issues/{n}/labels}, {@code POST .../pulls/{n}/requested_reviewers} and {@code POST .../statuses/{sha}}. A draft
 * is made ready for review through the GraphQL API's {@code markPullRequestReadyForReview}, the only way GitHub
 * offers (the REST API cannot change a pull request's draft state).
 */
public final class GitHubForge implements Forge {
    static final String NEEDS = "the Contents (write) and Pull requests (write) permissions, or the classic repo scope";
    static final String READY_FOR_REVIEW = "mutation($id: ID!) { markPullRequestReadyForReview(input: {pullRequestId:"
            + " $id}) { pullRequest { isDraft } } }";
    private final ForgeHttp http;
    private final ForgeHttp graphql;
    private final String owner;
    private final String repo;

    public GitHubForge(String apiUrl, String token, String owner, String repo) {
        Map<String, String> headers = Map.of(
                "Authorization", "Bearer " + token,
                "Accept", "application/vnd.github+json",
                "X-GitHub-Api-Version", "2022-11-28");
        this.http = new ForgeHttp(apiUrl, headers);
        this.graphql = new ForgeHttp(graphqlUrl(apiUrl), headers);
        this.owner = owner;
        this.repo = repo;
    }

    /** {@code https://api.github.com/graphql}; GitHub Enterprise's {@code <host>/api/v3} has it at {@code /api/graphql}. */
    static String graphqlUrl(String apiUrl) {
        String root = apiUrl.replaceAll("/+$", "");
        return root.endsWith("/api/v3") ? root.substring(0, root.length() - 3) + "/graphql" : root + "/graphql";
    }

    private String base() {
        return "/repos/" + owner + "/" + repo;
    }

    @Override
    public String gitUser() {
        return "x-access-token";
    }

    @Override
    public Optional<String> cannotPush() {
        return Forge.cannotPushByRepoPermissions(http, "GitHub", owner + "/" + repo, NEEDS);
    }

    @Override
    public Optional<OpenRequest> findOpen(String head, String baseBranch) {
        JsonNode list = http.get(
                base() + "/pulls?state=open&head=" + Query.enc(owner + ":" + head) + "&base=" + Query.enc(baseBranch));
        for (JsonNode pr : list) {
            if (head.equals(pr.path("head").path("ref").asString(""))) return Optional.of(read(pr));
        }
        return Optional.empty();
    }

    @Override
    public OpenRequest create(ChangeRequest r) {
        ObjectNode body = ForgeHttp.object()
                .put("title", r.title())
                .put("head", r.head())
                .put("base", r.base())
                .put("body", r.body())
                .put("draft", r.draft())
                .put("maintainer_can_modify", false);
        OpenRequest pr = read(http.call("POST", base() + "/pulls", body));
        decorate(pr, r);
        return pr;
    }

    @Override
    public OpenRequest update(OpenRequest existing, ChangeRequest r) {
        ObjectNode body = ForgeHttp.object().put("title", r.title()).put("body", r.body());
        JsonNode updated = http.call("PATCH", base() + "/pulls/" + existing.number(), body);
        if (updated.path("draft").asBoolean(false) && !r.draft())
            readyForReview(updated.path("node_id").asString(""));
        OpenRequest pr = read(updated);
        decorate(pr, r);
        return pr;
    }

    /** GraphQL answers 200 with {@code errors} when it refuses; that is a failure like any refused REST call. */
    private void readyForReview(String nodeId) {
        ObjectNode call = ForgeHttp.object().put("query", READY_FOR_REVIEW);
        call.putObject("variables").put("id", nodeId);
        JsonNode answer = graphql.call("POST", "", call);
        if (answer.path("errors").isArray() && !answer.path("errors").isEmpty()) {
            String shown = answer.path("errors").toString();
            throw new ForgeException("marking the draft pull request ready for review failed: " + shown, 422, shown);
        }
    }

    /** Labels are replaced (the request's set is the job's); reviewers are added. */
    private void decorate(OpenRequest pr, ChangeRequest r) {
        if (!r.labels().isEmpty()) {
            ObjectNode labels = ForgeHttp.object();
            labels.putArray("labels").addAll(strings(r.labels()));
            http.call("PUT", base() + "/issues/" + pr.number() + "/labels", labels);
        }
        if (!r.reviewers().isEmpty()) {
            ObjectNode reviewers = ForgeHttp.object();
            reviewers.putArray("reviewers").addAll(strings(r.reviewers()));
            http.call("POST", base() + "/pulls/" + pr.number() + "/requested_reviewers", reviewers);
        }
    }

    static tools.jackson.databind.node.ArrayNode strings(List<String> values) {
        var a = ForgeHttp.JSON.createArrayNode();
        values.forEach(a::add);
        return a;
    }

    @Override
    public void postStatus(String commit, CommitStatus s) {
        ObjectNode body = ForgeHttp.object()
                .put("state", s.state().name().toLowerCase(java.util.Locale.ROOT))
                .put("description", Query.cap(s.description(), 140))
                .put("context", s.context());
        if (!s.targetUrl().isEmpty()) body.put("target_url", s.targetUrl());
        http.call("POST", base() + "/statuses/" + commit, body);
    }

    @Override
    public boolean alreadyExists(ForgeException e) {
        return e.status() == 422 && e.answer().contains("already exists");
    }

    private static OpenRequest read(JsonNode pr) {
        return new OpenRequest(pr.path("number").asLong(), pr.path("html_url").asString(""), null);
    }
}
