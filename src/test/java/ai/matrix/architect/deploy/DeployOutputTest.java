package ai.matrix.architect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** DEPLOY's output record is stored as the same JSON the stage wrote by hand before it had a type. */
class DeployOutputTest {
    static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    @Test
    void aStartedReleaseKeepsAnUnknownEnvironmentAsNull() {
        assertThat(JSON.writeValueAsString(DeployOutput.started("rel_1", "staging", null)))
                .isEqualTo("{\"release_id\":\"rel_1\",\"target\":\"staging\",\"environment\":null}");
    }

    @Test
    void aReusedReleaseSaysSo() {
        assertThat(JSON.writeValueAsString(
                        DeployOutput.started("rel_1", "staging", "prod").reused("done")))
                .isEqualTo("{\"release_id\":\"rel_1\",\"target\":\"staging\",\"environment\":\"prod\","
                        + "\"reused\":true,\"output\":\"done\"}");
    }

    @Test
    void aRolledBackReleaseKeepsTheOutputBeforeTheHealthAndTheRollbackLast() {
        DeployOutput out = DeployOutput.started("rel_1", "staging", "prod")
                .ran("deploy.sh", 0, 12, "first")
                .checked("http://h/health", "HTTP 500")
                .rolledBack(new DeployOutput.Rollback("rollback.sh", null, 0, "succeeded"), "first\nsecond");
        assertThat(JSON.writeValueAsString(out))
                .isEqualTo("{\"release_id\":\"rel_1\",\"target\":\"staging\",\"environment\":\"prod\","
                        + "\"command\":\"deploy.sh\",\"exit_code\":0,\"duration_ms\":12,\"output\":\"first\\nsecond\","
                        + "\"health_url\":\"http://h/health\",\"health\":\"HTTP 500\","
                        + "\"rollback\":{\"command\":\"rollback.sh\",\"exit_code\":0,\"status\":\"succeeded\"}}");
        assertThat(JSON.readValue(JSON.writeValueAsString(out), DeployOutput.class))
                .isEqualTo(out);
    }

    @Test
    void anAttemptSaysWhichCallItIsAndWhetherItResumes() {
        DeployOutput out = DeployOutput.started("rel_1", "staging", "prod")
                .attempted(new DeployOutput.Attempt(2, true))
                .ran("deploy.sh", 0, 12, "ok");
        assertThat(JSON.writeValueAsString(out))
                .isEqualTo("{\"release_id\":\"rel_1\",\"target\":\"staging\",\"environment\":\"prod\","
                        + "\"attempt\":{\"number\":2,\"resumed\":true},"
                        + "\"command\":\"deploy.sh\",\"exit_code\":0,\"duration_ms\":12,\"output\":\"ok\"}");
        assertThat(JSON.readValue(JSON.writeValueAsString(out), DeployOutput.class))
                .isEqualTo(out);
    }
}
