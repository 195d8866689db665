package ai.matrix.architect.api;

import ai.matrix.architect.gate.GateEvaluator;
import ai.matrix.architect.gate.GateInputs;
import ai.matrix.architect.gate.GateResult;
import ai.matrix.architect.gate.Policies;
import ai.matrix.architect.gate.PolicyProblem;
import ai.matrix.architect.job.InvalidRequestException;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobStore;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Policy administration (admins only, see SecurityConfiguration): list, get, validate, update, dry run. */
@RestController
class PolicyController {
    private final Policies policies;
    private final JobStore jobs;
    private final GateInputs inputs;
    private final GateEvaluator evaluator;

    PolicyController(Policies policies, JobStore jobs, GateInputs inputs, GateEvaluator evaluator) {
        this.policies = policies;
        this.jobs = jobs;
        this.inputs = inputs;
        this.evaluator = evaluator;
    }

    record Summary(String name, int version, String author, java.time.Instant createdAt) {}

    record SourceBody(String source) {}

    record DryRunBody(String jobId, Integer version) {}

    record Validation(boolean valid, List<PolicyProblem> errors) {}

    @GetMapping("/api/policies")
    Map<String, Object> list() {
        return Map.of(
                "items",
                policies.list().stream()
                        .map(v -> new Summary(v.name(), v.version(), v.author(), v.createdAt()))
                        .toList());
    }

    @GetMapping("/api/policies/{name}")
    Map<String, Object> get(@PathVariable String name) {
        Policies.Version v = policies.latest(name).orElseThrow(() -> notFound(name));
        return Map.of(
                "name", v.name(),
                "version", v.version(),
                "author", v.author(),
                "created_at", v.createdAt().toString(),
                "source", v.source(),
                "versions",
                        policies.versions(name).stream()
                                .map(x -> new Summary(x.name(), x.version(), x.author(), x.createdAt()))
                                .toList());
    }

    @GetMapping("/api/policies/{name}/versions/{version}")
    Policies.Version version(@PathVariable String name, @PathVariable int version) {
        return policies.get(name, version).orElseThrow(() -> notFound(name + " version " + version));
    }

    @PostMapping("/api/policies/validate")
    Validation validate(@RequestBody(required = false) SourceBody body) {
        List<PolicyProblem> problems = policies.validate(source(body));
        return new Validation(problems.isEmpty(), problems);
    }

    @PutMapping("/api/policies/{name}")
    ResponseEntity<?> update(@PathVariable String name, @RequestBody(required = false) SourceBody body, Principal who) {
        try {
            Policies.Version v = policies.update(name, source(body), who.getName());
            return ResponseEntity.ok(v);
        } catch (Policies.InvalidPolicyException e) {
            ProblemDetail p = ProblemDetail.forStatusAndDetail(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "The policy was not saved; the active version is unchanged: "
                            + e.problems().stream()
                                    .map(PolicyController::describe)
                                    .reduce((a, b) -> a + "; " + b)
                                    .orElse(""));
            p.setTitle("Invalid policy");
            p.setType(URI.create("about:blank"));
            p.setProperty(
                    "errors",
                    e.problems().stream()
                            .map(x -> {
                                Map<String, Object> m = new java.util.LinkedHashMap<>();
                                m.put("field", x.rule() == null ? "source" : "rules." + x.rule());
                                m.put("message", x.message());
                                m.put("line", x.line());
                                m.put("column", x.column());
                                return m;
                            })
                            .toList());
            return ResponseEntity.unprocessableContent()
                    .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                    .body(p);
        }
    }

    @PostMapping("/api/policies/{name}/dry-run")
    GateResult dryRun(@PathVariable String name, @RequestBody(required = false) DryRunBody body) {
        if (body == null || body.jobId() == null || body.jobId().isBlank()) {
            throw new InvalidRequestException("job_id", "is required: the job to evaluate the policy against");
        }
        Policies.Version v = body.version() == null
                ? policies.latest(name).orElseThrow(() -> notFound(name))
                : policies.get(name, body.version()).orElseThrow(() -> notFound(name + " version " + body.version()));
        Job job = jobs.get(body.jobId());
        return evaluator.evaluate(job.id(), inputs.of(job), policies.activeWith(v), false);
    }

    private static String source(SourceBody body) {
        if (body == null || body.source() == null || body.source().isBlank()) {
            throw new InvalidRequestException("source", "is required: the policy file as YAML text");
        }
        if (body.source().length() > 200_000)
            throw new InvalidRequestException("source", "must be at most 200000 characters");
        return body.source();
    }

    private static String describe(PolicyProblem p) {
        return (p.line() == null
                        ? ""
                        : "line " + p.line() + (p.column() == null ? "" : ", column " + p.column()) + ": ")
                + (p.rule() == null ? "" : "rule " + p.rule() + ": ")
                + p.message();
    }

    private static ResponseStatusException notFound(String what) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No policy " + what + ".");
    }
}
