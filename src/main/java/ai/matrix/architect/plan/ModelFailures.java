package ai.matrix.architect.plan;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RetriableException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;

/**
 * Turns a failed call to a model provider into a sentence and a verdict: a timeout, a connection failure, HTTP 429
 * or a 5xx may pass and is retried by the engine; any other 4xx (a bad key, an unknown model) will not. The
 * provider's error body is never quoted, because providers echo part of a wrong key in it.
 */
final class ModelFailures {
    private ModelFailures() {}

    static PlannerException of(String provider, String host, Throwable failure) {
        String who = "the " + provider + " model at " + host;
        Integer status = null;
        boolean timeout = false;
        boolean io = false;
        boolean retriable = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpException h && status == null) status = h.statusCode();
            if (t instanceof HttpTimeoutException
                    || t instanceof dev.langchain4j.exception.TimeoutException
                    || t instanceof java.util.concurrent.TimeoutException) timeout = true;
            if (t instanceof IOException) io = true;
            if (t instanceof RetriableException) retriable = true;
        }
        // not chained: the provider's exception carries its error body, which a log line would then print
        if (status != null) return status(who, status, null);
        if (timeout) return new PlannerException(who + " did not answer in time", true, failure);
        if (io) return new PlannerException(who + " could not be reached", true, failure);
        if (retriable) return new PlannerException(who + " failed for a passing reason", true, null);
        return new PlannerException(
                who + " failed: " + failure.getClass().getSimpleName() + " (the provider's answer was not understood)",
                false,
                null);
    }

    static PlannerException status(String who, int status, Throwable cause) {
        boolean retryable = status == 408 || status == 429 || status >= 500;
        String hint = switch (status) {
            case 401, 403 ->
                ": the API key was refused; check the secret ARCHITECT_PLANNER_API_KEY (architect.planner.api-key) names";
            case 404 ->
                ": check ARCHITECT_PLANNER_MODEL (architect.planner.model) and ARCHITECT_PLANNER_BASE_URL (architect.planner.base-url)";
            case 429 -> ": rate limited";
            default -> "";
        };
        return new PlannerException(who + " answered HTTP " + status + hint, retryable, cause);
    }
}
