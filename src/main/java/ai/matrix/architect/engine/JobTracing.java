package ai.matrix.architect.engine;

import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.StageName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A job is one trace although its stages run later, as separate queue tasks, on whichever worker picks them:
 * creating the job is a producer span whose propagation fields are kept with the job, and every stage run is a
 * consumer span that continues from them. Only the Observation API is used here; whether these become
 * OpenTelemetry spans, timers or nothing is the registry's business.
 */
@Component
class JobTracing {
    /** The stage observation also makes the stage timer, so it keeps the timer's established name. */
    static final String STAGE = "architect.stage.duration";

    static final String SUBMIT = "architect.job.submit";

    private final ObservationRegistry registry;

    JobTracing(ObservationRegistry registry) {
        this.registry = registry;
    }

    /** The creation of a job; once started, {@code carrier} holds the fields to keep with the job. */
    Observation submission(String jobId, String project, Map<String, String> carrier) {
        SenderContext<Map<String, String>> context = new SenderContext<>(
                (fields, key, value) -> {
                    if (fields != null) fields.put(key, value);
                },
                Kind.PRODUCER);
        context.setCarrier(carrier);
        return Observation.createNotStarted(SUBMIT, () -> context, registry)
                .contextualName("job submit")
                .highCardinalityKeyValue("job.id", jobId)
                .highCardinalityKeyValue("project", project);
    }

    /**
     * One run of one stage, continuing the trace in {@code kept} (a new trace when nothing was kept). Its outcome
     * ({@link #outcomeOf}, or {@code retrying} / {@code error}) is added when the run ends.
     */
    Observation stageRun(Job job, StageName stage, int attempt, Map<String, String> kept) {
        ReceiverContext<Map<String, String>> context =
                new ReceiverContext<>((fields, key) -> fields == null ? null : fields.get(key), Kind.CONSUMER);
        context.setCarrier(kept);
        return Observation.createNotStarted(STAGE, () -> context, registry)
                .contextualName("stage " + stage.name())
                .lowCardinalityKeyValue("stage", stage.name())
                .lowCardinalityKeyValue("attempt", Integer.toString(attempt))
                .highCardinalityKeyValue("job.id", job.id())
                .highCardinalityKeyValue("project", job.project());
    }

    static String outcomeOf(StageOutcome outcome) {
        return switch (outcome) {
            case StageOutcome.Succeeded s -> "succeeded";
            case StageOutcome.Skipped s -> "skipped";
            case StageOutcome.Failed f -> "failed";
            case StageOutcome.AwaitApproval a -> "awaiting_approval";
        };
    }
}
