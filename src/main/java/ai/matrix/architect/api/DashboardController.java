package ai.matrix.architect.api;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.job.FieldError;
import ai.matrix.architect.job.InvalidRequestException;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobNotFoundException;
import ai.matrix.architect.job.JobStore;
import ai.matrix.architect.observe.Stats;
import ai.matrix.architect.plan.Assistant;
import ai.matrix.architect.plan.PlannerException;
import ai.matrix.architect.security.ProjectAccess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** What mission control shows beside the jobs: the dashboard figures, the deploy targets, and chat. */
@RestController
class DashboardController {
    private static final int MAX_TURNS = 50;
    private static final int MAX_CHARS = 32_000;

    private final Stats stats;
    private final ProjectAccess access;
    private final ArchitectProperties props;
    private final Assistant assistant;
    private final JobStore store;

    DashboardController(
            Stats stats, ProjectAccess access, ArchitectProperties props, Assistant assistant, JobStore store) {
        this.stats = stats;
        this.access = access;
        this.props = props;
        this.assistant = assistant;
        this.store = store;
    }

    record StatsView(
            int activeJobs,
            Double successRate,
            int workersOnline,
            int queueDepth,
            Map<String, Double> avgStageSeconds,
            List<JobSummary> recentFailures) {}

    @GetMapping("/api/stats")
    StatsView stats(Authentication who) {
        Stats.Snapshot s = stats.snapshot(access.visibleProjects(who));
        return new StatsView(
                s.activeJobs(),
                s.successRate(),
                s.workersOnline(),
                s.queueDepth(),
                s.avgStageSeconds(),
                s.recentFailures().stream().map(JobSummary::of).toList());
    }

    /** The configured targets without their commands (which may name internal hosts). */
    @GetMapping("/api/deploy/targets")
    Map<String, Object> targets() {
        List<Map<String, Object>> items = new ArrayList<>();
        props.deployTargets().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> {
                    Map<String, Object> t = new LinkedHashMap<>();
                    t.put("name", e.getKey());
                    t.put("kind", e.getValue().type());
                    t.put("environment", e.getValue().environment());
                    t.put(
                            "health_check",
                            e.getValue().healthUrl() != null
                                    && !e.getValue().healthUrl().isBlank());
                    t.put("secrets", e.getValue().secrets());
                    t.put(
                            "rollback",
                            e.getValue().rollbackCommand() != null
                                    && !e.getValue().rollbackCommand().isBlank());
                    items.add(t);
                });
        return Map.of("items", items);
    }

    record ChatBody(String message, List<Assistant.Turn> messages, String jobId, JsonNode plan) {}

    record ChatReply(String reply, String provider, String model) {}

    /**
     * Chat on the configured planner's language model; 503 when there is none. A job named in the body must be
     * visible to the caller (404 otherwise, as everywhere); its status, stages and error are the model's context.
     */
    @PostMapping("/api/chat")
    ResponseEntity<?> chat(@RequestBody(required = false) ChatBody body, Authentication who) {
        if (!assistant.available()) {
            return ProblemHandler.problem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "No AI model configured",
                    "No AI model is configured on this server, so chat is not available: an administrator can set"
                            + " ARCHITECT_PLANNER_PROVIDER (architect.planner.provider) to openai, anthropic or ollama (see docs/planning.md).",
                    null);
        }
        List<Assistant.Turn> conversation = conversation(body);
        Job job = null;
        if (body.jobId() != null) {
            if (!access.canSee(who, body.jobId())) throw new JobNotFoundException(body.jobId());
            job = store.get(body.jobId());
        }
        try {
            Assistant.Reply r = assistant.reply(conversation, job, body.plan());
            return ResponseEntity.ok(new ChatReply(r.text(), r.provider(), r.model()));
        } catch (PlannerException e) {
            return ProblemHandler.problem(HttpStatus.BAD_GATEWAY, "AI model failed", e.getMessage() + ".", null);
        }
    }

    /** The conversation the body carries: earlier turns in {@code messages}, the new one in {@code message}. */
    private static List<Assistant.Turn> conversation(ChatBody body) {
        if (body == null) throw new InvalidRequestException("message", "is required: what do you want to ask?");
        List<Assistant.Turn> turns = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        if (body.messages() != null) {
            if (body.messages().size() > MAX_TURNS) {
                errors.add(new FieldError("messages", "must hold at most " + MAX_TURNS + " turns"));
            }
            for (int i = 0; i < body.messages().size(); i++) {
                Assistant.Turn t = body.messages().get(i);
                if (t == null || !("user".equals(t.role()) || "assistant".equals(t.role()))) {
                    errors.add(new FieldError("messages[" + i + "].role", "must be user or assistant"));
                } else if (t.content() == null || t.content().isBlank()) {
                    errors.add(new FieldError("messages[" + i + "].content", "must not be empty"));
                } else {
                    turns.add(t);
                }
            }
        }
        if (body.message() != null && !body.message().isBlank()) {
            turns.add(new Assistant.Turn("user", body.message()));
        }
        if (errors.isEmpty()
                && (turns.isEmpty() || !"user".equals(turns.getLast().role()))) {
            errors.add(new FieldError("message", "is required: the conversation must end with the user's message"));
        }
        if (turns.stream().mapToInt(t -> t.content().length()).sum() > MAX_CHARS) {
            errors.add(new FieldError("messages", "must hold at most " + MAX_CHARS + " characters in all"));
        }
        if (!errors.isEmpty()) throw new InvalidRequestException(errors);
        return turns;
    }
}
