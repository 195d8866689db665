package ai.matrix.architect.gate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.config.LegacyEnvironmentPostProcessor;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The seed's MATRIX_GUARDIAN_URL turns the Guardian on; its format follows the URL. */
class GuardianEnvironmentTest {
    @Test
    void matrixGuardianUrlIsHonoured() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources()
                .addFirst(new MapPropertySource("test", Map.of("MATRIX_GUARDIAN_URL", "https://guardian.example")));
        new LegacyEnvironmentPostProcessor().postProcessEnvironment(env, null);
        assertThat(env.getProperty("architect.gate.guardian.url")).isEqualTo("https://guardian.example");

        var matrix = new GateProperties.Guardian("https://guardian.example", "auto", null, false, "");
        var opa = new GateProperties.Guardian("http://opa:8181/v1/data/matrix/gate", "auto", null, false, "");
        assertThat(matrix.enabled()).isTrue();
        assertThat(matrix.opa()).isFalse();
        assertThat(opa.opa()).isTrue();
        assertThat(new GateProperties.Guardian("", "auto", null, false, "").enabled())
                .isFalse();
    }
}
