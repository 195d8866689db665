package ai.matrix.architect.plan;

/**
 * Makes a plan for a job that brought none. Adapters: {@link ChatModelPlanner} (a language model through LangChain4j:
 * OpenAI-compatible, Anthropic, Ollama) and {@link MatrixAiPlanner} (the external Matrix AI {@code /v1/plan}).
 */
public interface Planner {
    /** {@code openai}, {@code anthropic}, {@code ollama} or {@code matrix-ai}. */
    String provider();

    String model();

    /** How the plan's origin is recorded: {@code planner:<provider>/<model>}. */
    default String source() {
        return "planner:" + provider() + "/" + model();
    }

    /**
     * A plan that keeps the rules of a plan in a request, with the record of how it was obtained.
     *
     * @throws PlannerException the provider failed ({@link PlannerException#retryable()} says whether trying later
     *     may help) or its answer was no valid plan ({@link PlannerException#errors()} says why)
     */
    Planned plan(PlanningContext context) throws PlannerException;
}
