package ai.matrix.architect.patch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** PATCH's output record is stored as the same JSON the stage wrote by hand before it had a type. */
class PatchOutputTest {
    static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    @Test
    void aCommitKeepsItsFieldsInTheirOrder() {
        PatchOutput out = new PatchOutput("b1", List.of("a.py"), "r1", "2026-01-01T00:00:00Z", "msg", 3, "architect/j");
        String text = JSON.writeValueAsString(out);
        assertThat(text)
                .isEqualTo("{\"base_commit\":\"b1\",\"changed_files\":[\"a.py\"],\"result_commit\":\"r1\","
                        + "\"commit_time\":\"2026-01-01T00:00:00Z\",\"commit_message\":\"msg\",\"diff_lines\":3,"
                        + "\"branch\":\"architect/j\"}");
        assertThat(JSON.readValue(text, PatchOutput.class)).isEqualTo(out);
    }

    @Test
    void noChangeHasOnlyTheCommitsAndTheEmptyList() {
        PatchOutput out = PatchOutput.unchanged("b1", List.of());
        assertThat(JSON.writeValueAsString(out))
                .isEqualTo("{\"base_commit\":\"b1\",\"changed_files\":[],\"result_commit\":\"b1\"}");
        assertThat(out.changedNothing()).isTrue();
    }
}
