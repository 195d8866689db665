package ai.matrix.architect.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What the external Guardian said, as recorded on the job.
 *
 * @param decision the decision taken from its answer (deny when it failed, unless fail-open is configured)
 * @param answer its response body, as received
 * @param error why there is no usable answer (timeout, HTTP status, unreadable body)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GuardianAnswer(
        String url,
        String format,
        String decision,
        List<String> reasons,
        long latencyMs,
        Integer httpStatus,
        JsonNode answer,
        String error) {}
