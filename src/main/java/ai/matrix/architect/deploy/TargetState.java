package ai.matrix.architect.deploy;

import java.util.Map;

/**
 * What a target reports about itself now.
 *
 * @param summary one line ("web: 3/3 ready, image registry.local/web:1.2")
 * @param details type-specific facts (replicas per workload, sync and health status)
 */
public record TargetState(String summary, Map<String, Object> details) {
    public TargetState {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
