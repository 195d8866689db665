package ai.matrix.architect.plan;

import ai.matrix.architect.secret.SecretException;
import ai.matrix.architect.secret.Secrets;

/** The planner's API key, resolved from its secret reference when a request is made; empty when none is set. */
final class ApiKey {
    private ApiKey() {}

    static String resolve(PlannerProperties props, Secrets secrets) throws PlannerException {
        if (props.apiKey().isEmpty()) return "";
        String named =
                "the secret '" + props.apiKey() + "' that ARCHITECT_PLANNER_API_KEY (architect.planner.api-key) names";
        try {
            return secrets.resolve(props.apiKey())
                    .orElseThrow(() -> new PlannerException(named + " does not exist", false, null));
        } catch (SecretException e) {
            throw new PlannerException(named + " could not be read: " + e.getMessage(), false, e);
        }
    }
}
