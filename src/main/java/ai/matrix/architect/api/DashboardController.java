package ai.matrix.architect.api;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.engine.JobClient;
import ai.matrix.architect.observe.Stats;
import ai.matrix.architect.security.ProjectAccess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** What mission control shows beside the jobs: the dashboard figures, the deploy targets, and chat. */
@RestController
class DashboardController {
    private final Stats stats;
    private final ProjectAccess access;
    private final JobClient client;
    private final ArchitectProperties props;

    DashboardController(Stats stats, ProjectAccess access, JobClient client, ArchitectProperties props) {
        this.stats = stats;
        this.access = access;
        this.client = client;
        this.props = props;
    }

    record StatsView(
            int activeJobs,
            Double successRate,
            int workersOnline,
            int queueDepth,
            Map<String, Double> avgStageSeconds,
            List<JobView> recentFailures) {}

    @GetMapping("/api/stats")
    StatsView stats(Authentication who) {
        Stats.Snapshot s = stats.snapshot(access.visibleProjects(who));
        return new StatsView(
                s.activeJobs(),
                s.successRate(),
                s.workersOnline(),
                s.queueDepth(),
                s.avgStageSeconds(),
                s.recentFailures().stream()
                        .map(j -> JobView.of(j, client.approvals(j.id())))
                        .toList());
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
                    t.put("kind", "command");
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

    /**
     * Chat about a job or a plan needs a language model, and this server has no model integration yet: it says
     * so (503) instead of pretending to answer.
     */
    @PostMapping("/api/chat")
    ResponseEntity<ProblemDetail> chat(@RequestBody(required = false) Map<String, Object> ignored) {
        return ProblemHandler.problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "No AI model configured",
                "No AI model is configured on this server: it has no language-model integration yet, so chat is"
                        + " not available.",
                null);
    }
}
