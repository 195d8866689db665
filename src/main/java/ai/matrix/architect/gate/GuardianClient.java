package ai.matrix.architect.gate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Asks the external Guardian about the same input the local policies saw. Two wire formats:
 *
 * <ul>
 *   <li>Matrix Guardian: {@code POST <url>/v1/evaluate} {@code {"plan": {"plan_id", "risk", "steps", ...}, "input": …}}
 *       → {@code {"decision": "allow"|"deny"|"require_human_approval"|"require_sandbox", "risk_profile": {"reasons"}}}.
 *   <li>OPA data API: {@code POST <url>} (a {@code /v1/data/<path>} URL) {@code {"input": …}} → {@code {"result": …}}
 *       where the result is a boolean (allow) or an object with {@code decision} or {@code allow}, and {@code reasons}.
 * </ul>
 *
 * A timeout, an error status or an unreadable answer denies, unless fail-open is configured.
 */
@Component
public class GuardianClient {
    private final GateProperties.Guardian props;
    private final ObjectMapper json;
    private final HttpClient http;

    public GuardianClient(GateProperties props, ObjectMapper json) {
        this.props = props.guardian();
        this.json = json;
        this.http = HttpClient.newBuilder()
                .connectTimeout(this.props.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public boolean enabled() {
        return props.enabled();
    }

    public GuardianAnswer ask(String jobId, Map<String, Object> input) {
        boolean opa = props.opa();
        String format = opa ? "opa" : "matrix";
        String url = opa ? props.url() : props.url().replaceAll("/+$", "") + "/v1/evaluate";
        Map<String, Object> body = new LinkedHashMap<>();
        if (!opa) body.put("plan", matrixPlan(jobId, input));
        body.put("input", input);
        long start = System.nanoTime();
        try {
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url))
                    .timeout(props.timeout())
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body), StandardCharsets.UTF_8));
            if (!props.token().isBlank()) req.header("Authorization", "Bearer " + props.token());
            HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            long latency = (System.nanoTime() - start) / 1_000_000;
            if (res.statusCode() / 100 != 2) {
                return failed(url, format, latency, res.statusCode(), "the Guardian answered HTTP " + res.statusCode());
            }
            JsonNode answer;
            try {
                answer = json.readTree(res.body());
            } catch (RuntimeException e) {
                return failed(url, format, latency, res.statusCode(), "the Guardian's answer is not JSON");
            }
            return opa
                    ? readOpa(url, latency, res.statusCode(), answer)
                    : readMatrix(url, latency, res.statusCode(), answer);
        } catch (HttpTimeoutException e) {
            return failed(
                    url,
                    format,
                    (System.nanoTime() - start) / 1_000_000,
                    null,
                    "the Guardian did not answer within " + props.timeout().toMillis() + " ms");
        } catch (IOException e) {
            return failed(
                    url,
                    format,
                    (System.nanoTime() - start) / 1_000_000,
                    null,
                    "the Guardian could not be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(url, format, (System.nanoTime() - start) / 1_000_000, null, "interrupted");
        }
    }

    private static Map<String, Object> matrixPlan(String jobId, Map<String, Object> input) {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("plan_id", jobId);
        Object p = input.get("plan");
        if (p instanceof Map<?, ?> m) {
            plan.put("risk", m.get("risk"));
            plan.put("summary", m.get("summary"));
            plan.put("changed_files", m.get("changed_files"));
        }
        Object job = input.get("job");
        if (job instanceof Map<?, ?> j) plan.put("goal", j.get("goal"));
        return plan;
    }

    private GuardianAnswer readMatrix(String url, long latency, int status, JsonNode answer) {
        String raw = answer.path("decision").asString("");
        List<String> reasons = strings(answer.path("risk_profile").path("reasons"));
        reasons.addAll(strings(answer.path("reasons")));
        Decision d = switch (raw) {
            case "allow", "require_sandbox" -> Decision.ALLOW; // every command here already runs in a sandbox
            case "require_human_approval", "require_approval" -> Decision.REQUIRE_APPROVAL;
            case "deny" -> Decision.DENY;
            default -> null;
        };
        if (d == null)
            return failed(url, "matrix", latency, status, "the Guardian's decision '" + raw + "' is unknown");
        return new GuardianAnswer(url, "matrix", d.wire(), reasons, latency, status, answer, null);
    }

    private GuardianAnswer readOpa(String url, long latency, int status, JsonNode answer) {
        JsonNode result = answer.get("result");
        if (result == null || result.isNull()) {
            return failed(url, "opa", latency, status, "OPA returned no result (the policy path is undefined)");
        }
        Decision d = null;
        List<String> reasons = new ArrayList<>();
        if (result.isBoolean()) {
            d = result.asBoolean() ? Decision.ALLOW : Decision.DENY;
        } else if (result.isObject()) {
            reasons.addAll(strings(result.path("reasons")));
            reasons.addAll(strings(result.path("deny")));
            if (result.path("decision").isString()) {
                try {
                    d = Decision.fromWire(result.path("decision").asString());
                } catch (IllegalArgumentException e) {
                    d = null;
                }
            } else if (result.path("allow").isBoolean()) {
                d = result.path("allow").asBoolean() ? Decision.ALLOW : Decision.DENY;
                if (d == Decision.ALLOW && result.path("require_approval").asBoolean(false))
                    d = Decision.REQUIRE_APPROVAL;
            }
        }
        if (d == null) return failed(url, "opa", latency, status, "OPA's result holds no decision: " + result);
        return new GuardianAnswer(url, "opa", d.wire(), reasons, latency, status, answer, null);
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) for (JsonNode n : node) out.add(n.asString());
        return out;
    }

    private GuardianAnswer failed(String url, String format, long latency, Integer status, String error) {
        Decision d = props.failOpen() ? Decision.ALLOW : Decision.DENY;
        String reason = props.failOpen()
                ? error + "; allowed because the Guardian is configured to fail open"
                : error + "; denied because the gate fails closed";
        return new GuardianAnswer(url, format, d.wire(), List.of(reason), latency, status, null, error);
    }
}
