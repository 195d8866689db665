package ai.matrix.architect.plan;

import ai.matrix.architect.engine.PlanRules;
import ai.matrix.architect.job.FieldError;
import ai.matrix.architect.job.JobRequest;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads a planner's answer as a plan: tolerant of the Markdown fence or the sentence a model may put around the JSON
 * object, strict about the plan itself, which must keep the same {@link PlanRules} as a plan in a request.
 */
final class PlanParser {
    private static final Pattern FENCE = Pattern.compile("```(?:json|JSON)?\\s*\\n(.*?)\\n?```", Pattern.DOTALL);

    /** A plan, or the reasons the answer is not one (field names relative to the plan object). */
    record Result(JobRequest.Plan plan, List<FieldError> errors) {
        boolean ok() {
            return errors.isEmpty();
        }
    }

    private PlanParser() {}

    static Result parse(String answer, ObjectMapper json) {
        if (answer == null || answer.isBlank()) return invalid("", "the answer is empty; a JSON object was expected");
        String text = unwrap(answer.strip());
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JacksonException e) {
            return invalid("", "is not a JSON object: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) return invalid("", "is not a JSON object");
        return read(node, json);
    }

    /** Checks a plan that arrived as a JSON tree (Matrix AI answers with one). */
    static Result read(JsonNode node, ObjectMapper json) {
        if (!node.has("steps") && node.path("plan").isObject()) node = node.get("plan");
        JobRequest.Plan plan;
        try {
            // a model may add fields of its own (a "description", a "confidence"): those are ignored
            plan = json.readerFor(JobRequest.Plan.class)
                    .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(node);
        } catch (JacksonException e) {
            return invalid(FieldError.pathOf(e), e.getOriginalMessage());
        }
        List<FieldError> errors = PlanRules.check(plan, "");
        return new Result(errors.isEmpty() ? plan : null, errors);
    }

    private static String unwrap(String text) {
        Matcher fence = FENCE.matcher(text);
        if (fence.find()) return fence.group(1).strip();
        int first = text.indexOf('{');
        int last = text.lastIndexOf('}');
        if (first > 0 && last > first) return text.substring(first, last + 1);
        return text;
    }

    private static Result invalid(String field, String message) {
        return new Result(null, List.of(new FieldError(field, message)));
    }
}
