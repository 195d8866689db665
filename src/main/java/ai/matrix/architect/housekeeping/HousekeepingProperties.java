package ai.matrix.architect.housekeeping;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What housekeeping keeps and for how long, bound from {@code architect.housekeeping.*} (environment:
 * {@code ARCHITECT_HOUSEKEEPING_*}); see docs/housekeeping.md. The free-disk floor
 * ({@code architect.housekeeping.min-free-disk}) is read by {@link ai.matrix.architect.workspace.DiskFloor}.
 *
 * @param enabled whether the recurring sweeps run at all ({@code POST /api/housekeeping} runs one either way)
 * @param interval time between two sweeps
 * @param keepFailedWorkspaces workspaces of this many most recently failed jobs stay on each worker, for debugging
 * @param artifactRetention age after which the artifacts of a finished job (logs, reports, prompts) are removed
 * @param evidenceRetention the same for its evidence: bundles, attestations, SBOMs, scans and diffs
 * @param eventRetention age after which job events (the SSE feed's history) are removed
 * @param projects per-project retention overriding the two above
 */
@ConfigurationProperties("architect.housekeeping")
public record HousekeepingProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10m") Duration interval,
        @DefaultValue("5") int keepFailedWorkspaces,
        @DefaultValue("30d") Duration artifactRetention,
        @DefaultValue("365d") Duration evidenceRetention,
        @DefaultValue("14d") Duration eventRetention,
        Map<String, Retention> projects) {

    /** A project's own retention; an unset value falls back to the global one. */
    public record Retention(Duration artifactRetention, Duration evidenceRetention) {}

    public HousekeepingProperties {
        if (keepFailedWorkspaces < 0) {
            throw new IllegalArgumentException(
                    "ARCHITECT_HOUSEKEEPING_KEEP_FAILED_WORKSPACES (architect.housekeeping.keep-failed-workspaces) must not be negative");
        }
        projects = projects == null ? Map.of() : Map.copyOf(projects);
    }

    /** How long artifacts of this kind are kept for this project. */
    public Duration retentionOf(String project, boolean evidence) {
        Retention own = projects.get(project);
        Duration d = own == null ? null : evidence ? own.evidenceRetention() : own.artifactRetention();
        if (d != null) return d;
        return evidence ? evidenceRetention : artifactRetention;
    }

    /** The shortest retention anywhere: artifacts younger than this are never looked at. */
    Duration shortestRetention() {
        Duration min = artifactRetention.compareTo(evidenceRetention) < 0 ? artifactRetention : evidenceRetention;
        for (Retention r : projects.values()) {
            for (Duration d : new Duration[] {r.artifactRetention(), r.evidenceRetention()}) {
                if (d != null && d.compareTo(min) < 0) min = d;
            }
        }
        return min;
    }
}
