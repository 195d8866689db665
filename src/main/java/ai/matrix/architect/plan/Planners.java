package ai.matrix.architect.plan;

import ai.matrix.architect.secret.Secrets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The planner and the chat model that {@code architect.planner.*} configures, made once at start-up; one log line
 * says which. The model's URL is the administrator's choice, so it is not held to the {@code architect.network}
 * address policy that job-supplied URLs are (a model on loopback, such as a local Ollama, is a common set-up).
 */
@Component
public class Planners {
    private static final Logger log = LoggerFactory.getLogger(Planners.class);

    private final PlannerProperties props;
    private final LanguageModel model;
    private final Planner planner;

    Planners(PlannerProperties props, Secrets secrets, ObjectMapper json) {
        this.props = props;
        if (!props.apiKey().isEmpty() && !secrets.schemes().contains(scheme(props.apiKey()))) {
            throw new IllegalStateException("ARCHITECT_PLANNER_API_KEY (architect.planner.api-key) names the secret"
                    + " provider '" + scheme(props.apiKey()) + "', which is not configured (have "
                    + secrets.schemes() + ")");
        }
        switch (props.provider()) {
            case NONE -> {
                model = null;
                planner = null;
            }
            case MATRIX_AI -> {
                model = null;
                planner = new MatrixAiPlanner(props, secrets, json);
            }
            default -> {
                model = new LanguageModel(props, secrets);
                planner = new ChatModelPlanner(model, json);
            }
        }
        log.info(startupLine(props));
    }

    /** The start-up line: which planner and model plan jobs that bring no plan, and where its key comes from. */
    static String startupLine(PlannerProperties props) {
        if (!props.enabled()) {
            return "planner: none configured; jobs must bring a plan (set OPENAI_API_KEY or ANTHROPIC_API_KEY, or"
                    + " ARCHITECT_PLANNER_PROVIDER (architect.planner.provider); see docs/planning.md)";
        }
        String key = props.apiKey().isEmpty() ? "no API key" : "API key from the secret " + props.apiKey();
        return "planner: " + props.provider().id() + ", model " + props.model() + " at " + props.baseUrlHost() + " ("
                + key + ") plans jobs that bring no plan";
    }

    private static String scheme(String reference) {
        return reference.substring(0, reference.indexOf(':'));
    }

    /** The planner PLAN asks when the job and its repository bring no plan. */
    public Optional<Planner> planner() {
        return Optional.ofNullable(planner);
    }

    /** The model chat answers with: the planner's model, when it is a language model. */
    public Optional<LanguageModel> chatModel() {
        return Optional.ofNullable(model);
    }

    public PlannerProperties properties() {
        return props;
    }
}
