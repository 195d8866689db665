package ai.matrix.architect.plan;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.config.LegacyEnvironmentPostProcessor;
import ai.matrix.architect.secret.ModelKeyProvider;
import ai.matrix.architect.secret.Redactor;
import ai.matrix.architect.secret.Secrets;
import ai.matrix.architect.secret.SecretsProperties;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * OPENAI_API_KEY / ANTHROPIC_API_KEY select the planner when none is configured; the key is read as a secret (masked,
 * never in a property or a log line), and the start-up line names the planner and its model.
 */
class ModelKeyPlannerTest {
    static final String KEY = "sk-test-0123456789abcdef";

    /** The properties the post-processor adds for this environment. */
    static Map<String, Object> added(Map<String, Object> variables) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", variables));
        return LegacyEnvironmentPostProcessor.plannerFromModelKey(env::getProperty);
    }

    @Test
    void anOpenAiKeySelectsOpenAiWithoutCopyingTheKey() {
        Map<String, Object> p = added(Map.of("OPENAI_API_KEY", KEY));
        assertThat(p)
                .containsEntry("architect.planner.provider", "openai")
                .containsEntry("architect.planner.api-key", "model-key:OPENAI_API_KEY")
                .containsEntry("architect.planner.base-url", "https://api.openai.com/v1")
                .containsKey("architect.planner.model");
        assertThat(p.values()).noneMatch(v -> v.toString().contains(KEY));
    }

    @Test
    void anAnthropicKeySelectsAnthropicAndAConfiguredProviderWins() {
        assertThat(added(Map.of("ANTHROPIC_API_KEY", KEY)))
                .containsEntry("architect.planner.provider", "anthropic")
                .containsEntry("architect.planner.api-key", "model-key:ANTHROPIC_API_KEY");
        assertThat(added(Map.of("OPENAI_API_KEY", KEY, "architect.planner.provider", "ollama")))
                .isEmpty();
        assertThat(added(Map.of("OPENAI_API_KEY", KEY, "architect.planner.model", "gpt-5")))
                .doesNotContainKey("architect.planner.model");
        assertThat(added(Map.of())).isEmpty();
    }

    @Test
    void theKeyIsASecretAndTheStartUpLineNamesPlannerAndModelButNotTheKey() {
        Redactor redactor = new Redactor();
        Secrets secrets = new Secrets(
                List.of(new ModelKeyProvider(Map.of("OPENAI_API_KEY", KEY, "PATH", "/usr/bin"))),
                new SecretsProperties("env", "ARCHITECT_SECRET_", "", "", "", "secret", "", "", "", Map.of()),
                redactor);
        assertThat(secrets.resolve("model-key:OPENAI_API_KEY")).contains(KEY);
        assertThat(redactor.redact("Authorization: Bearer " + KEY)).doesNotContain(KEY);
        // only the two model keys: naming the provider cannot read the rest of the environment
        assertThat(secrets.resolve("model-key:PATH")).isEmpty();

        Map<String, Object> p = added(Map.of("OPENAI_API_KEY", KEY));
        PlannerProperties props = new Binder(new MapConfigurationPropertySource(p))
                .bind("architect.planner", PlannerProperties.class)
                .get();
        String line = Planners.startupLine(props);
        assertThat(line)
                .startsWith("planner: openai, model " + p.get("architect.planner.model") + " at api.openai.com")
                .contains("model-key:OPENAI_API_KEY")
                .doesNotContain(KEY);
        PlannerProperties none = new Binder(new MapConfigurationPropertySource(Map.of("architect.planner.model", "")))
                .bindOrCreate("architect.planner", PlannerProperties.class);
        assertThat(Planners.startupLine(none))
                .contains("none configured")
                .contains("OPENAI_API_KEY")
                .contains("ARCHITECT_PLANNER_PROVIDER (architect.planner.provider)");
    }
}
