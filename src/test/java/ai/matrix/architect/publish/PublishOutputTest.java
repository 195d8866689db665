package ai.matrix.architect.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** PUBLISH's output record is stored as the same JSON the stage wrote by hand before it had a type. */
class PublishOutputTest {
    static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    @Test
    void thePullRequestFieldIsThereOnlyWhenOneWasAskedFor() {
        assertThat(JSON.writeValueAsString(new PublishOutput("repo", "architect/j", "c1", null)))
                .isEqualTo("{\"remote\":\"repo\",\"branch\":\"architect/j\",\"commit\":\"c1\"}");
        assertThat(JSON.writeValueAsString(new PublishOutput("repo", "b", "c1", "not opened")))
                .isEqualTo("{\"remote\":\"repo\",\"branch\":\"b\",\"commit\":\"c1\",\"pull_request\":\"not opened\"}");
    }
}
