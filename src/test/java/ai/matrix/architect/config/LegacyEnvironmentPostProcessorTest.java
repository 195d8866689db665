package ai.matrix.architect.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class LegacyEnvironmentPostProcessorTest {
    @Test
    void turnsADatabaseUrlIntoJdbcSettings() {
        Map<String, Object> p = LegacyEnvironmentPostProcessor.datasource(
                "postgresql://arch:s3cret@db.internal:6543/jobs?sslmode=require");
        assertThat(p)
                .containsEntry("spring.datasource.url", "jdbc:postgresql://db.internal:6543/jobs?sslmode=require")
                .containsEntry("spring.datasource.username", "arch")
                .containsEntry("spring.datasource.password", "s3cret");
        assertThat(LegacyEnvironmentPostProcessor.datasource("postgres://u@h/d"))
                .containsEntry("spring.datasource.url", "jdbc:postgresql://h:5432/d");
        assertThatThrownBy(() -> LegacyEnvironmentPostProcessor.datasource("mysql://h/d"))
                .hasMessageContaining("postgresql://");
    }

    @Test
    void honoursTheOriginalProductsVariableNames() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources()
                .addFirst(new MapPropertySource(
                        "test",
                        Map.of(
                                "JSON_LOGS",
                                "true",
                                "LOG_LEVEL",
                                "debug",
                                "REQUIRE_APPROVALS",
                                "true",
                                "ENABLE_SANDBOXING",
                                "false",
                                "JWT_SECRET",
                                "x".repeat(40))));
        new LegacyEnvironmentPostProcessor().postProcessEnvironment(env, null);
        assertThat(env.getProperty("logging.structured.format.console")).isEqualTo("logstash");
        assertThat(env.getProperty("logging.level.root")).isEqualTo("debug");
        assertThat(env.getProperty("architect.require-approvals")).isEqualTo("true");
        assertThat(env.getProperty("architect.sandbox")).isEqualTo("none");
        assertThat(env.getProperty("architect.jwt.secret")).hasSize(40);
    }

    @Test
    void anOtlpCollectorNamedByItsBaseUrlGetsTheTracesPath() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources()
                .addFirst(new MapPropertySource("test", Map.of("ARCHITECT_OTLP_ENDPOINT", "http://collector:4318")));
        new LegacyEnvironmentPostProcessor().postProcessEnvironment(env, null);
        assertThat(env.getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
                .isEqualTo("http://collector:4318/v1/traces");

        assertThat(LegacyEnvironmentPostProcessor.otlpTracesEndpoint("https://otlp.example.com/"))
                .isEqualTo("https://otlp.example.com/v1/traces");
        assertThat(LegacyEnvironmentPostProcessor.otlpTracesEndpoint("https://gw.example.com/tenant-a/v1/traces"))
                .isEqualTo("https://gw.example.com/tenant-a/v1/traces");
        assertThatThrownBy(() -> LegacyEnvironmentPostProcessor.otlpTracesEndpoint("collector:4318"))
                .hasMessageContaining("http(s) URL");
    }

    @Test
    void withoutAnOtlpEndpointNoExportIsConfigured() {
        StandardEnvironment env = new StandardEnvironment();
        new LegacyEnvironmentPostProcessor().postProcessEnvironment(env, null);
        assertThat(env.containsProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
                .isFalse();
    }
}
