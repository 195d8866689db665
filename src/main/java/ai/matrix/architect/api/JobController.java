package ai.matrix.architect.api;

import ai.matrix.architect.engine.JobClient;
import ai.matrix.architect.job.InvalidRequestException;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobPage;
import ai.matrix.architect.job.JobQuery;
import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.job.JobStatus;
import ai.matrix.architect.job.JobStore;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.security.Callers;
import ai.matrix.architect.security.ProjectAccess;
import ai.matrix.architect.security.RateLimits;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Jobs: create, read, list, execute, cancel, retry, approve, reject. */
@RestController
class JobController {
    private final JobClient client;
    private final JobStore store;
    private final ProjectAccess access;
    private final RateLimits limits;

    JobController(JobClient client, JobStore store, ProjectAccess access, RateLimits limits) {
        this.client = client;
        this.store = store;
        this.access = access;
        this.limits = limits;
    }

    @PostMapping("/api/jobs")
    ResponseEntity<JobView> create(
            @RequestBody(required = false) JobRequest request,
            @org.springframework.web.bind.annotation.RequestHeader(name = "Idempotency-Key", required = false)
                    String idempotencyKey,
            Authentication who) {
        limits.check(RateLimits.Kind.JOB_CREATE, Callers.tokenId(who).orElse("user:" + who.getName()));
        access.checkCreate(who, request);
        JobClient.Submission submitted = client.submit(request, who.getName(), idempotencyKey);
        Job job = submitted.job();
        // a repeated Idempotency-Key answers with the job it made first: 200, not 201
        return ResponseEntity.status(submitted.repeated() ? HttpStatus.OK : HttpStatus.CREATED)
                .header("Location", "/api/jobs/" + job.id())
                .body(view(job));
    }

    @GetMapping("/api/jobs/{id}")
    JobView get(@PathVariable String id) {
        return view(store.get(id));
    }

    record JobList(List<JobSummary> items, String nextCursor) {}

    private static final java.util.regex.Pattern JOB_ID = java.util.regex.Pattern.compile("job_[0-9A-Z]{26}");

    @GetMapping("/api/jobs")
    JobList list(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String stage,
            @RequestParam(name = "created_by", required = false) String createdBy,
            @RequestParam(required = false) String repo,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(required = false) String cursor,
            Authentication who) {
        if (limit < 1 || limit > 200) throw new InvalidRequestException("limit", "must be between 1 and 200");
        if (cursor != null && !JOB_ID.matcher(cursor).matches()) {
            throw new InvalidRequestException("cursor", "is not a cursor this API gave (a job id like job_01J…)");
        }
        QueryText.check(createdBy, "created_by");
        QueryText.check(repo, "repo");
        JobStatus st = parse(status, "status", JobStatus.class);
        StageName sn = parse(stage == null ? null : stage.toUpperCase(java.util.Locale.ROOT), "stage", StageName.class);
        JobPage page = store.list(new JobQuery(st, sn, createdBy, repo, limit, cursor, access.visibleProjects(who)));
        return new JobList(page.items().stream().map(JobSummary::of).toList(), page.nextCursor());
    }

    private static <E extends Enum<E>> E parse(String value, String field, Class<E> type) {
        if (value == null || value.isBlank()) return null;
        try {
            return Enum.valueOf(type, value.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, "'" + value + "' is not a known value");
        }
    }

    @PostMapping("/api/execute/{id}")
    ResponseEntity<JobView> execute(@PathVariable String id) {
        return ResponseEntity.accepted().body(view(client.execute(id)));
    }

    @PostMapping("/api/jobs/{id}/cancel")
    ResponseEntity<JobView> cancel(@PathVariable String id) {
        return ResponseEntity.accepted().body(view(client.cancel(id)));
    }

    /** {@code from_stage}: start again at this stage (and run every later one again), not at the first unfinished. */
    record RetryBody(String fromStage) {}

    @PostMapping("/api/jobs/{id}/retry")
    ResponseEntity<JobView> retry(@PathVariable String id, @RequestBody(required = false) RetryBody body) {
        String from = body == null ? null : body.fromStage();
        if (from == null || from.isBlank()) return ResponseEntity.accepted().body(view(client.retry(id)));
        StageName stage;
        try {
            stage = StageName.valueOf(from.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ai.matrix.architect.job.InvalidRequestException(
                    "from_stage", "must be one of PLAN, PATCH, VERIFY, GATE, DEPLOY, PUBLISH");
        }
        return ResponseEntity.accepted().body(view(client.retry(id, stage)));
    }

    record ApproveBody(String comment) {}

    record RejectBody(String reason) {}

    @PostMapping("/api/jobs/{id}/approve")
    JobView approve(
            @PathVariable String id,
            @RequestBody(required = false) ApproveBody body,
            org.springframework.security.core.Authentication who) {
        store.get(id);
        return view(client.approve(id, who.getName(), roleOf(who), body == null ? null : body.comment()));
    }

    /** The caller's role as the token grants it (viewer, operator or admin). */
    private static String roleOf(org.springframework.security.core.Authentication who) {
        return who.getAuthorities().stream()
                .map(a -> a.getAuthority())
                .filter(a -> a.startsWith("ROLE_"))
                .map(a -> a.substring(5).toLowerCase(java.util.Locale.ROOT))
                .findFirst()
                .orElse("viewer");
    }

    @PostMapping("/api/jobs/{id}/reject")
    JobView reject(@PathVariable String id, @RequestBody(required = false) RejectBody body, Principal who) {
        store.get(id);
        return view(client.reject(id, who.getName(), body == null ? null : body.reason()));
    }

    @GetMapping("/api/approvals")
    Map<String, Object> approvals(@RequestParam(defaultValue = "pending") String status, Authentication who) {
        if (!status.equals("pending")) throw new InvalidRequestException("status", "only 'pending' is supported");
        JobPage page = store.list(
                new JobQuery(JobStatus.AWAITING_APPROVAL, null, null, null, 200, null, access.visibleProjects(who)));
        return Map.of("items", page.items().stream().map(this::view).toList());
    }

    private JobView view(Job job) {
        return JobView.of(job, client.approvals(job.id()));
    }
}
