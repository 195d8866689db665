package ai.matrix.architect.publish.forge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local stand-in for GitHub's, GitLab's or Gitea's REST API, speaking their JSON for the routes PUBLISH uses,
 * with its pull requests in memory: it answers a second create for the same branch as the real host does
 * (GitHub 422 "A pull request already exists", GitLab and Gitea 409), and records every call with its body. The
 * GitHub kind also answers GraphQL's {@code markPullRequestReadyForReview} at {@code /api/graphql}, as GitHub
 * Enterprise does.
 */
public final class FakeForge implements AutoCloseable {
    public enum Kind {
        GITHUB,
        GITLAB,
        GITEA
    }

    /** One call as received. */
    public record Call(String method, String path, Map<String, List<String>> headers, JsonNode body) {
        public String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                    return e.getValue().get(0);
            }
            return null;
        }
    }

    static final ObjectMapper JSON = JsonMapper.builder().build();
    private final Kind kind;
    private final String token;
    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> pulls = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> statuses = new CopyOnWriteArrayList<>();
    /** What the repository route answers instead of the repository, e.g. 401 or 403; 0 = the repository. */
    public volatile int repositoryStatus;
    /** Whether the token may push (GitHub/Gitea permissions.push; GitLab access level 30 or 20). */
    public volatile boolean canPush = true;
    /** The next list of open requests answers empty, as when another run opens one at the same moment. */
    public volatile boolean hideOpenOnce;

    public FakeForge(Kind kind, String token) throws IOException {
        this.kind = kind;
        this.token = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The API root to configure: {@code http://127.0.0.1:<port>/api/v3} (GitHub Enterprise's), /api/v4, /api/v1. */
    public String apiUrl() {
        String suffix = switch (kind) {
            case GITHUB -> "/api/v3";
            case GITLAB -> "/api/v4";
            case GITEA -> "/api/v1";
        };
        return "http://127.0.0.1:" + server.getAddress().getPort() + suffix;
    }

    public List<Call> calls() {
        return calls;
    }

    /** The calls with this method to this path (with any query, or the query given). */
    public List<Call> calls(String method, String path) {
        return calls.stream()
                .filter(c -> c.method().equals(method)
                        && (c.path().equals(path) || c.path().startsWith(path + "?")))
                .toList();
    }

    public List<ObjectNode> pulls() {
        return pulls;
    }

    public List<ObjectNode> statuses() {
        return statuses;
    }

    private boolean authorized(HttpExchange ex) {
        String expected = switch (kind) {
            case GITHUB -> "Bearer " + token;
            case GITEA -> "token " + token;
            case GITLAB -> null;
        };
        if (kind == Kind.GITLAB) return token.equals(ex.getRequestHeaders().getFirst("PRIVATE-TOKEN"));
        return expected.equals(ex.getRequestHeaders().getFirst("Authorization"));
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String raw = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery();
            String prefix = java.net.URI.create(apiUrl()).getPath();
            String path = raw.startsWith(prefix + "/") ? raw.substring(prefix.length()) : raw;
            byte[] in = ex.getRequestBody().readAllBytes();
            JsonNode body = in.length == 0 ? null : JSON.readTree(in);
            calls.add(new Call(
                    ex.getRequestMethod(),
                    path + (query == null ? "" : "?" + query),
                    Map.copyOf(ex.getRequestHeaders()),
                    body));
            if (!authorized(ex)) {
                send(
                        ex,
                        401,
                        JSON.createObjectNode()
                                .put("message", kind == Kind.GITLAB ? "401 Unauthorized" : "Bad credentials"));
                return;
            }
            Reply r = route(ex.getRequestMethod(), path, query == null ? Map.of() : params(query), body);
            send(ex, r.status, r.body);
        }
    }

    record Reply(int status, JsonNode body) {}

    private static Map<String, String> params(String query) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String kv : query.split("&")) {
            int eq = kv.indexOf('=');
            out.put(
                    URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private Reply route(String method, String path, Map<String, String> q, JsonNode body) {
        Matcher m;
        String repo = kind == Kind.GITLAB ? "/projects/[^/]+" : "/repos/[^/]+/[^/]+";
        if (kind == Kind.GITHUB && method.equals("POST") && path.equals("/api/graphql")) return graphql(body);
        if (method.equals("GET") && path.matches(repo)) return repository();
        if ((m = Pattern.compile(repo + "/(pulls|merge_requests)").matcher(path)).matches()) {
            return method.equals("GET") ? list(q) : create(body);
        }
        if ((m = Pattern.compile(repo + "/(?:pulls|merge_requests)/(\\d+)").matcher(path)).matches()) {
            return update(Long.parseLong(m.group(1)), body);
        }
        if ((m = Pattern.compile(repo + "/issues/(\\d+)/labels").matcher(path)).matches()) {
            ObjectNode pr = find(Long.parseLong(m.group(1)));
            pr.set("labels", labelObjects(body.get("labels")));
            return new Reply(200, pr.get("labels"));
        }
        if (path.matches(repo + "/pulls/\\d+/requested_reviewers")) return new Reply(201, JSON.createObjectNode());
        if (path.matches(repo + "/statuses/[0-9a-f]{40}")) {
            ObjectNode s = ((ObjectNode) body.deepCopy()).put("sha", path.substring(path.lastIndexOf('/') + 1));
            statuses.add(s);
            return new Reply(201, s);
        }
        if (path.matches(repo + "/labels")) {
            ArrayNode a = JSON.createArrayNode();
            a.addObject().put("id", 3).put("name", "automated");
            a.addObject().put("id", 4).put("name", "matrix-architect");
            return new Reply(200, a);
        }
        if (path.equals("/users")) {
            ArrayNode a = JSON.createArrayNode();
            a.addObject().put("id", 70 + q.get("username").length()).put("username", q.get("username"));
            return new Reply(200, a);
        }
        return new Reply(404, JSON.createObjectNode().put("message", "Not Found"));
    }

    private Reply repository() {
        if (repositoryStatus != 0) {
            return new Reply(
                    repositoryStatus, JSON.createObjectNode().put("message", "Resource not accessible by integration"));
        }
        ObjectNode r = JSON.createObjectNode().put("id", 1).put("name", "app");
        if (kind == Kind.GITLAB) {
            ObjectNode p = r.putObject("permissions");
            p.putObject("project_access").put("access_level", canPush ? 30 : 20).put("notification_level", 3);
            p.putNull("group_access");
        } else {
            r.putObject("permissions").put("admin", false).put("push", canPush).put("pull", true);
        }
        return new Reply(200, r);
    }

    private Reply list(Map<String, String> q) {
        ArrayNode out = JSON.createArrayNode();
        if (hideOpenOnce) {
            hideOpenOnce = false;
            return new Reply(200, out);
        }
        for (ObjectNode pr : pulls) {
            if (!pr.path("state").asString().equals(kind == Kind.GITLAB ? "opened" : "open")) continue;
            if (kind == Kind.GITLAB) {
                if (q.containsKey("source_branch")
                        && !q.get("source_branch")
                                .equals(pr.path("source_branch").asString())) continue;
            } else if (kind == Kind.GITHUB && q.containsKey("head")) {
                String head = q.get("head");
                if (!head.substring(head.indexOf(':') + 1)
                        .equals(pr.path("head").path("ref").asString())) continue;
            }
            out.add(pr);
        }
        return new Reply(200, out);
    }

    private Reply create(JsonNode body) {
        String head = kind == Kind.GITLAB
                ? body.path("source_branch").asString()
                : body.path("head").asString();
        for (ObjectNode pr : pulls) {
            String h = kind == Kind.GITLAB
                    ? pr.path("source_branch").asString()
                    : pr.path("head").path("ref").asString();
            if (!h.equals(head)) continue;
            return switch (kind) {
                case GITHUB -> {
                    ObjectNode e = JSON.createObjectNode().put("message", "Validation Failed");
                    e.putArray("errors")
                            .addObject()
                            .put("resource", "PullRequest")
                            .put("code", "custom")
                            .put("message", "A pull request already exists for acme:" + head + ".");
                    e.put("documentation_url", "https://docs.github.com/rest/pulls/pulls#create-a-pull-request");
                    yield new Reply(422, e);
                }
                case GITLAB -> {
                    ObjectNode e = JSON.createObjectNode();
                    e.putArray("message")
                            .add("Another open merge request already exists for this source branch: !"
                                    + pr.path("iid").asLong());
                    yield new Reply(409, e);
                }
                case GITEA ->
                    new Reply(
                            409,
                            JSON.createObjectNode()
                                    .put(
                                            "message",
                                            "pull request already exists for these targets [id: 1, issue_id: 1, head_repo_id: 1, base_repo_id: 1, head_branch: "
                                                    + head + ", base_branch: main]")
                                    .put("url", "https://gitea.example/api/swagger"));
            };
        }
        long n = pulls.size() + 1;
        ObjectNode pr = ((ObjectNode) body.deepCopy());
        if (kind == Kind.GITLAB) {
            pr.put("iid", n)
                    .put("state", "opened")
                    .put("web_url", "https://gitlab.example/acme/app/-/merge_requests/" + n);
        } else {
            pr.put("number", n).put("state", "open").put("html_url", "https://forge.example/acme/app/pull/" + n);
            if (kind == Kind.GITHUB)
                pr.put("node_id", "PR_kwDOfake" + n)
                        .put("draft", body.path("draft").asBoolean());
            pr.putObject("head").put("ref", head);
            pr.putObject("base").put("ref", body.path("base").asString());
            if (kind == Kind.GITEA) pr.set("labels", labelObjects(body.get("labels")));
        }
        pulls.add(pr);
        return new Reply(201, pr);
    }

    private Reply update(long number, JsonNode body) {
        ObjectNode pr = find(number);
        body.properties().forEach(e -> {
            if (kind == Kind.GITEA && e.getKey().equals("labels")) pr.set("labels", labelObjects(e.getValue()));
            else pr.set(e.getKey(), e.getValue());
        });
        return new Reply(200, pr);
    }

    /** GitHub's GraphQL answers 200 even when it refuses, with {@code errors}. */
    private Reply graphql(JsonNode body) {
        String query = body.path("query").asString("");
        String id = body.path("variables").path("id").asString("");
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode pr = pulls.stream()
                .filter(p -> id.equals(p.path("node_id").asString()))
                .findFirst()
                .orElse(null);
        if (!query.contains("markPullRequestReadyForReview") || pr == null) {
            answer.putArray("errors")
                    .addObject()
                    .put("type", "NOT_FOUND")
                    .put("message", "Could not resolve to a node with the global id of '" + id + "'");
            return new Reply(200, answer);
        }
        pr.put("draft", false);
        answer.putObject("data")
                .putObject("markPullRequestReadyForReview")
                .putObject("pullRequest")
                .put("isDraft", false);
        return new Reply(200, answer);
    }

    private ObjectNode find(long number) {
        String key = kind == Kind.GITLAB ? "iid" : "number";
        return pulls.stream()
                .filter(p -> p.path(key).asLong() == number)
                .findFirst()
                .orElseThrow();
    }

    private static ArrayNode labelObjects(JsonNode labels) {
        ArrayNode a = JSON.createArrayNode();
        if (labels != null)
            for (JsonNode l : labels)
                a.addObject().put(l.isNumber() ? "id" : "name", l.isNumber() ? l.asLong() + "" : l.asString());
        return a;
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] out = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
    }

    /** Bodies of the calls with this method to this path, in order. */
    public List<JsonNode> bodies(String method, String path) {
        List<JsonNode> out = new ArrayList<>();
        for (Call c : calls(method, path)) out.add(c.body());
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
