package ai.matrix.architect.job;

import java.util.Optional;

/** The six stages, in pipeline order. */
public enum StageName {
    PLAN,
    PATCH,
    VERIFY,
    GATE,
    DEPLOY,
    PUBLISH;

    public Optional<StageName> next() {
        int i = ordinal() + 1;
        return i < values().length ? Optional.of(values()[i]) : Optional.empty();
    }
}
