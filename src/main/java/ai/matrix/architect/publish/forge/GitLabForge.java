package ai.matrix.architect.publish.forge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A GitLab (gitlab.com or self-hosted) project through REST API v4: {@code GET /projects/:id} for the token's
 * access level, {@code GET/POST/PUT /projects/:id/merge_requests}, {@code GET /users?username=} for reviewer ids
 * and {@code POST /projects/:id/statuses/:sha}. The project id is its URL-encoded path.
 */
public final class GitLabForge implements Forge {
    /** Developer: the lowest role that may push a branch. */
    static final int DEVELOPER = 30;

    static final String NEEDS = "the api scope and at least the Developer role in the project";
    private final ForgeHttp http;
    private final String project;

    public GitLabForge(String apiUrl, String token, String project) {
        this(new ForgeHttp(apiUrl, Map.of("PRIVATE-TOKEN", token)), project);
    }

    GitLabForge(ForgeHttp http, String project) {
        this.http = http;
        this.project = project;
    }

    private String base() {
        return "/projects/" + Query.enc(project);
    }

    @Override
    public String gitUser() {
        return "oauth2";
    }

    @Override
    public Optional<String> cannotPush() {
        JsonNode r;
        try {
            r = http.get(base());
        } catch (ForgeException e) {
            return Optional.of(Forge.refused("GitLab", project, e, NEEDS));
        }
        JsonNode p = r.path("permissions");
        int level = Math.max(
                p.path("project_access").path("access_level").asInt(0),
                p.path("group_access").path("access_level").asInt(0));
        if (level >= DEVELOPER) return Optional.empty();
        return Optional.of("the GitLab token's access level in " + project + " is " + level
                + ", below Developer (30), which pushing a branch needs: it needs " + NEEDS);
    }

    @Override
    public Optional<OpenRequest> findOpen(String head, String baseBranch) {
        JsonNode list = http.get(base() + "/merge_requests?state=opened&source_branch=" + Query.enc(head)
                + "&target_branch=" + Query.enc(baseBranch));
        for (JsonNode mr : list) return Optional.of(read(mr));
        return Optional.empty();
    }

    @Override
    public OpenRequest create(ChangeRequest r) {
        ObjectNode body = fields(r)
                .put("source_branch", r.head())
                .put("target_branch", r.base())
                .put("remove_source_branch", true);
        return read(http.call("POST", base() + "/merge_requests", body));
    }

    @Override
    public OpenRequest update(OpenRequest existing, ChangeRequest r) {
        return read(http.call("PUT", base() + "/merge_requests/" + existing.number(), fields(r)));
    }

    private ObjectNode fields(ChangeRequest r) {
        ObjectNode body = ForgeHttp.object()
                .put("title", (r.draft() ? "Draft: " : "") + r.title())
                .put("description", r.body())
                .put("labels", String.join(",", r.labels()));
        if (!r.reviewers().isEmpty()) {
            var ids = body.putArray("reviewer_ids");
            reviewerIds(r.reviewers()).forEach(ids::add);
        }
        return body;
    }

    private List<Long> reviewerIds(List<String> names) {
        List<Long> ids = new ArrayList<>();
        for (String name : names) {
            for (JsonNode u : http.get("/users?username=" + Query.enc(name)))
                ids.add(u.path("id").asLong());
        }
        return ids;
    }

    @Override
    public void postStatus(String commit, CommitStatus s) {
        String state = switch (s.state()) {
            case PENDING -> "pending";
            case SUCCESS -> "success";
            case FAILURE -> "failed";
        };
        ObjectNode body = ForgeHttp.object()
                .put("state", state)
                .put("name", s.context())
                .put("description", Query.cap(s.description(), 255));
        if (!s.targetUrl().isEmpty()) body.put("target_url", s.targetUrl());
        http.call("POST", base() + "/statuses/" + commit, body);
    }

    @Override
    public boolean alreadyExists(ForgeException e) {
        return e.status() == 409;
    }

    private static OpenRequest read(JsonNode mr) {
        return new OpenRequest(mr.path("iid").asLong(), mr.path("web_url").asString(""), null);
    }
}
