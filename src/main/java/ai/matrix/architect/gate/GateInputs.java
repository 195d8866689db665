package ai.matrix.architect.gate;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.patch.PatchOutput;
import ai.matrix.architect.security.Users;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Builds the gate input (documented in docs/policies.md) from a job as stored. Every field is always present:
 * evidence that was not produced is zero with {@code known: false}, so rules never fail on a missing key.
 */
@Component
public class GateInputs {
    private final ArchitectProperties props;
    private final Users users;

    private final ObjectMapper json;

    public GateInputs(ArchitectProperties props, Users users, ObjectMapper json) {
        this.json = json;
        this.props = props;
        this.users = users;
    }

    public Map<String, Object> of(Job job) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("job", job(job));
        input.put("plan", plan(job));
        input.put("evidence", evidence(job.evidence()));
        input.put("deploy", deploy(job.spec().deploy()));
        input.put("actor", actor(job.createdBy()));
        return input;
    }

    private static Map<String, Object> job(Job job) {
        JobRequest spec = job.spec();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", job.id());
        m.put("goal", spec.goal());
        m.put("priority", job.priority().name().toLowerCase(java.util.Locale.ROOT));
        m.put("project", job.project());
        m.put("repo", job.repoDisplay());
        m.put("created_by", job.createdBy());
        m.put("branch", job.branch() == null ? "" : job.branch());
        JobRequest.Constraints c = spec.constraints();
        Map<String, Object> cons = new LinkedHashMap<>();
        cons.put("require_tests", spec.requireTests());
        cons.put("security_scan", c == null || c.securityScan() == null || c.securityScan());
        cons.put("require_approval", spec.requireApproval());
        cons.put("allow_network", spec.allowNetwork());
        cons.put(
                "max_changed_files",
                c == null || c.maxChangedFiles() == null
                        ? 0L
                        : c.maxChangedFiles().longValue());
        cons.put(
                "max_diff_lines",
                c == null || c.maxDiffLines() == null ? 0L : c.maxDiffLines().longValue());
        m.put("constraints", cons);
        return m;
    }

    private Map<String, Object> plan(Job job) {
        Map<String, Object> m = new LinkedHashMap<>();
        JsonNode plan = job.plan();
        m.put("summary", plan == null ? "" : plan.path("summary").asString(""));
        String risk = plan == null ? "" : plan.path("risk").asString("");
        m.put("risk", risk.isBlank() ? "unknown" : risk.toLowerCase(java.util.Locale.ROOT));
        m.put(
                "steps",
                plan == null || !plan.path("steps").isArray()
                        ? 0L
                        : (long) plan.path("steps").size());
        JsonNode stored =
                job.stages().isEmpty() ? null : job.stage(StageName.PATCH).output();
        PatchOutput patch = stored == null ? null : json.treeToValue(stored, PatchOutput.class);
        List<Object> files = new ArrayList<>();
        if (patch != null && patch.changedFiles() != null) files.addAll(patch.changedFiles());
        m.put("changed_files", files);
        m.put("changed_files_count", (long) files.size());
        m.put("diff_lines", patch == null || patch.diffLines() == null ? 0L : (long) patch.diffLines());
        return m;
    }

    static Map<String, Object> evidence(JsonNode evidence) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("known", evidence != null);
        JsonNode t = evidence == null ? null : evidence.get("tests");
        Map<String, Object> tests = new LinkedHashMap<>();
        tests.put("known", t != null && t.isObject());
        long passed = t == null ? 0 : t.path("passed").asLong(0);
        long failed = t == null ? 0 : t.path("failed").asLong(0);
        long skipped = t == null ? 0 : t.path("skipped").asLong(0);
        tests.put("passed", passed);
        tests.put("failed", failed);
        tests.put("skipped", skipped);
        tests.put("total", passed + failed + skipped);
        m.put("tests", tests);
        JsonNode v = evidence == null ? null : evidence.get("vulnerabilities");
        Map<String, Object> vulns = new LinkedHashMap<>();
        vulns.put("known", v != null && v.isObject());
        long total = 0;
        for (String severity : List.of("critical", "high", "medium", "low")) {
            long n = v == null ? 0 : v.path(severity).asLong(0);
            vulns.put(severity, n);
            total += n;
        }
        vulns.put("total", total);
        m.put("vulnerabilities", vulns);
        JsonNode s = evidence == null ? null : evidence.get("scan");
        Map<String, Object> scan = new LinkedHashMap<>();
        scan.put("status", s == null ? "unknown" : s.path("status").asString("unknown"));
        scan.put("reason", s == null ? "" : s.path("reason").asString(""));
        scan.put("no_source", s != null && s.path("no_source").asBoolean(false));
        m.put("scan", scan);
        Object checks = evidence == null ? null : CelValues.fromJson(evidence.get("checks"));
        m.put("checks", checks instanceof List<?> ? checks : List.of());
        m.put("baseline", baseline(evidence == null ? null : evidence.get("baseline")));
        return m;
    }

    /**
     * VERIFY's comparison of its failures with the base commit: {@code status} {@code none} when there was none
     * (nothing failed, the comparison is off, or VERIFY has not run), and each failure as {@code check: test}.
     */
    private static Map<String, Object> baseline(JsonNode b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", b == null ? "none" : b.path("status").asString("none"));
        m.put("base_commit", b == null ? "" : b.path("base_commit").asString(""));
        m.put("new_failures", failures(b == null ? null : b.get("new_failures")));
        m.put("preexisting_failures", failures(b == null ? null : b.get("preexisting_failures")));
        m.put("new_count", b == null ? 0L : b.path("new_count").asLong(0));
        m.put("preexisting_count", b == null ? 0L : b.path("preexisting_count").asLong(0));
        m.put("flaky_failures", failures(b == null ? null : b.get("flaky_failures")));
        m.put("flaky_count", b == null ? 0L : b.path("flaky_count").asLong(0));
        m.put("summary", b == null ? "" : b.path("summary").asString(""));
        return m;
    }

    private static List<Object> failures(JsonNode list) {
        List<Object> out = new ArrayList<>();
        if (list == null || !list.isArray()) return out;
        for (JsonNode f : list) {
            String test = f.path("test").asString("");
            out.add(f.path("check").asString("") + (test.isEmpty() ? "" : ": " + test));
        }
        return out;
    }

    private Map<String, Object> deploy(JobRequest.Deploy deploy) {
        Map<String, Object> m = new LinkedHashMap<>();
        String target = deploy == null || deploy.target() == null ? "" : deploy.target();
        ArchitectProperties.DeployTarget t =
                target.isEmpty() ? null : props.deployTargets().get(target);
        m.put("target", target);
        m.put("configured", t != null);
        String env = target.isEmpty() ? "none" : t == null || t.environment() == null ? "unknown" : t.environment();
        m.put("environment", env.toLowerCase(java.util.Locale.ROOT));
        m.put("strategy", deploy == null || deploy.strategy() == null ? "" : deploy.strategy());
        return m;
    }

    private Map<String, Object> actor(String username) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", username);
        m.put("role", users.find(username).map(u -> u.role().wire()).orElse("unknown"));
        return m;
    }
}
