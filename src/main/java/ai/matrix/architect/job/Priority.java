package ai.matrix.architect.job;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Job priority; {@link #weight()} becomes the queue execution priority (higher runs first). */
public enum Priority {
    @JsonProperty("high")
    HIGH(90),
    @JsonProperty("normal")
    NORMAL(50),
    @JsonProperty("low")
    LOW(10);

    private final int weight;

    Priority(int weight) {
        this.weight = weight;
    }

    public int weight() {
        return weight;
    }
}
