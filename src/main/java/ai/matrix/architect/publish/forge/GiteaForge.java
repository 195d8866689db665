package ai.matrix.architect.publish.forge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Gitea or Forgejo repository through API v1: {@code GET /repos/{owner}/{repo}} for the token's permissions,
 * {@code GET/POST/PATCH .../pulls} (labels by id, looked up in {@code GET .../labels}), {@code POST
 * .../pulls/{index}/requested_reviewers} and {@code POST .../statuses/{sha}}.
 */
public final class GiteaForge implements Forge {
    static final String NEEDS = "the write:repository scope and write access to the repository";
    private final ForgeHttp http;
    private final String owner;
    private final String repo;

    public GiteaForge(String apiUrl, String token, String owner, String repo) {
        this(new ForgeHttp(apiUrl, Map.of("Authorization", "token " + token)), owner, repo);
    }

    GiteaForge(ForgeHttp http, String owner, String repo) {
        this.http = http;
        this.owner = owner;
        this.repo = repo;
    }

    private String base() {
        return "/repos/" + owner + "/" + repo;
    }

    @Override
    public String gitUser() {
        return "matrix-architect";
    }

    @Override
    public Optional<String> cannotPush() {
        return Forge.cannotPushByRepoPermissions(http, "Gitea", owner + "/" + repo, NEEDS);
    }

    @Override
    public Optional<OpenRequest> findOpen(String head, String baseBranch) {
        // the list has no head filter: the open requests are few, so they are read and filtered here
        JsonNode list = http.get(base() + "/pulls?state=open&limit=50");
        for (JsonNode pr : list) {
            if (head.equals(pr.path("head").path("ref").asString(""))
                    && baseBranch.equals(pr.path("base").path("ref").asString(""))) {
                return Optional.of(read(pr));
            }
        }
        return Optional.empty();
    }

    @Override
    public OpenRequest create(ChangeRequest r) {
        ObjectNode body = fields(r).put("head", r.head()).put("base", r.base());
        OpenRequest pr = read(http.call("POST", base() + "/pulls", body));
        reviewers(pr, r);
        return pr;
    }

    @Override
    public OpenRequest update(OpenRequest existing, ChangeRequest r) {
        OpenRequest pr = read(http.call("PATCH", base() + "/pulls/" + existing.number(), fields(r)));
        reviewers(pr, r);
        return pr;
    }

    private ObjectNode fields(ChangeRequest r) {
        ObjectNode body = ForgeHttp.object()
                .put("title", (r.draft() ? "WIP: " : "") + r.title())
                .put("body", r.body());
        var ids = body.putArray("labels");
        labelIds(r.labels()).forEach(ids::add);
        return body;
    }

    /** Gitea takes label ids; names without a label in the repository are left out. */
    private List<Long> labelIds(List<String> names) {
        List<Long> ids = new ArrayList<>();
        if (names.isEmpty()) return ids;
        for (JsonNode l : http.get(base() + "/labels?limit=50")) {
            if (names.contains(l.path("name").asString("")))
                ids.add(l.path("id").asLong());
        }
        return ids;
    }

    private void reviewers(OpenRequest pr, ChangeRequest r) {
        if (r.reviewers().isEmpty()) return;
        ObjectNode body = ForgeHttp.object();
        body.putArray("reviewers").addAll(GitHubForge.strings(r.reviewers()));
        http.call("POST", base() + "/pulls/" + pr.number() + "/requested_reviewers", body);
    }

    @Override
    public void postStatus(String commit, CommitStatus s) {
        ObjectNode body = ForgeHttp.object()
                .put("state", s.state().name().toLowerCase(java.util.Locale.ROOT))
                .put("context", s.context())
                .put("description", Query.cap(s.description(), 255));
        if (!s.targetUrl().isEmpty()) body.put("target_url", s.targetUrl());
        http.call("POST", base() + "/statuses/" + commit, body);
    }

    @Override
    public boolean alreadyExists(ForgeException e) {
        return e.status() == 409;
    }

    private static OpenRequest read(JsonNode pr) {
        return new OpenRequest(pr.path("number").asLong(), pr.path("html_url").asString(""), null);
    }
}
