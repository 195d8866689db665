package ai.matrix.architect.plan;

import ai.matrix.architect.secret.Secrets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The external Matrix AI planner: {@code POST {base-url}/v1/plan} with {@code {"goal", "repo", "constraints",
 * "context"}}, answered by a plan in the API's plan shape (bare, or as {@code {"plan": {…}}}); the wire format is
 * written down in docs/planning.md. Its plan keeps the same rules as any other; there is no repair round, since
 * Matrix AI is no conversation.
 */
final class MatrixAiPlanner implements Planner {
    private static final int MAX_ANSWER = 8 << 20;

    private final PlannerProperties props;
    private final Secrets secrets;
    private final ObjectMapper json;
    private final HttpClient http;

    MatrixAiPlanner(PlannerProperties props, Secrets secrets, ObjectMapper json) {
        this.props = props;
        this.secrets = secrets;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .connectTimeout(props.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public String provider() {
        return props.provider().id();
    }

    @Override
    public String model() {
        return props.model();
    }

    @Override
    public Planned plan(PlanningContext ctx) throws PlannerException {
        String who = "the matrix-ai planner at " + props.baseUrlHost();
        String body = json.writerWithDefaultPrettyPrinter().writeValueAsString(request(ctx));
        HttpRequest.Builder req = HttpRequest.newBuilder(endpoint())
                .timeout(props.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        String key = ApiKey.resolve(props, secrets);
        if (!key.isEmpty()) req.header("Authorization", "Bearer " + key);
        HttpResponse<byte[]> res;
        try {
            res = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new PlannerException(who + " did not answer in time", true, e);
        } catch (IOException e) {
            throw new PlannerException(who + " could not be reached", true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlannerException(who + ": interrupted", false, e);
        }
        if (res.statusCode() / 100 != 2) throw ModelFailures.status(who, res.statusCode(), null);
        if (res.body().length > MAX_ANSWER) {
            throw new PlannerException(who + " answered with more than 8 MiB", false, null);
        }
        String answer = new String(res.body(), StandardCharsets.UTF_8);
        PlanParser.Result result;
        try {
            JsonNode node = json.readTree(answer);
            result = node != null && node.isObject() ? PlanParser.read(node, json) : PlanParser.parse(answer, json);
        } catch (JacksonException e) {
            result = PlanParser.parse(answer, json);
        }
        Planned record = new Planned(result.plan(), body, answer, null, 1);
        if (result.ok()) return record;
        throw new PlannerException(
                who + " answered with no valid plan: " + ChatModelPlanner.describe(result.errors()),
                result.errors(),
                record);
    }

    private URI endpoint() {
        String base = props.baseUrl().replaceAll("/+$", "");
        return URI.create(base + "/v1/plan");
    }

    record ContextFile(String path, String content) {}

    private Map<String, Object> request(PlanningContext ctx) {
        Map<String, Object> repo = new LinkedHashMap<>();
        repo.put("name", ctx.repo());
        repo.put("commit", ctx.commit());
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("tree", ctx.tree());
        context.put("tree_truncated", ctx.treeTruncated());
        context.put(
                "files",
                ctx.files().stream()
                        .map(f -> new ContextFile(f.path(), f.content()))
                        .toList());
        context.put("omitted_files", ctx.omitted());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("goal", ctx.goal());
        body.put("repo", repo);
        body.put("constraints", ctx.constraints() == null ? Map.of() : json.valueToTree(ctx.constraints()));
        body.put("context", context);
        return body;
    }
}
