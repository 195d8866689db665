package ai.matrix.architect.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Binding {@code architect.planner.*}: the defaults, and the start refused with a sentence for each mistake. */
class PlannerPropertiesTest {
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PlannerProperties.class)
    static class Config {}

    final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) c = c.getCause();
        return c.getMessage();
    }

    @Test
    void defaultsAreNoPlannerTwoMinutes200KbAndTemperatureZero() {
        runner.run(ctx -> {
            PlannerProperties p = ctx.getBean(PlannerProperties.class);
            assertThat(p.provider()).isEqualTo(PlannerProperties.Provider.NONE);
            assertThat(p.enabled()).isFalse();
            assertThat(p.timeout()).isEqualTo(Duration.ofMinutes(2));
            assertThat(p.maxContextBytes().toBytes()).isEqualTo(200 * 1024);
            assertThat(p.temperature()).isZero();
        });
    }

    @Test
    void everyProviderBindsByItsConfiguredName() {
        runner.withPropertyValues(
                        "architect.planner.provider=matrix-ai",
                        "architect.planner.base-url=https://planner.example.com",
                        "architect.planner.model=matrix-planner-1",
                        "architect.planner.api-key=vault:matrix/ai#token",
                        "architect.planner.timeout=30s",
                        "architect.planner.max-context-bytes=64KB")
                .run(ctx -> {
                    PlannerProperties p = ctx.getBean(PlannerProperties.class);
                    assertThat(p.provider()).isEqualTo(PlannerProperties.Provider.MATRIX_AI);
                    assertThat(p.provider().id()).isEqualTo("matrix-ai");
                    assertThat(p.baseUrlHost()).isEqualTo("planner.example.com");
                    assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(p.maxContextBytes().toBytes()).isEqualTo(64 * 1024);
                });
    }

    @Test
    void aProviderWithoutModelOrBaseUrlRefusesToStartSayingWhatToSet() {
        runner.withPropertyValues("architect.planner.provider=openai", "architect.planner.base-url=https://x/v1")
                .run(ctx -> assertThat(rootMessage(ctx.getStartupFailure()))
                        .contains("ARCHITECT_PLANNER_PROVIDER (architect.planner.provider) is openai")
                        .contains("ARCHITECT_PLANNER_MODEL (architect.planner.model) is not set"));
        runner.withPropertyValues("architect.planner.provider=anthropic", "architect.planner.model=claude")
                .run(ctx -> assertThat(rootMessage(ctx.getStartupFailure()))
                        .contains("ARCHITECT_PLANNER_BASE_URL (architect.planner.base-url) is not set")
                        .contains("https://api.anthropic.com/v1"));
        runner.withPropertyValues(
                        "architect.planner.provider=ollama",
                        "architect.planner.model=llama3.1",
                        "architect.planner.base-url=localhost:11434")
                .run(ctx -> assertThat(rootMessage(ctx.getStartupFailure())).contains("http:// or https://"));
    }

    @Test
    void aKeyWrittenIntoTheConfigurationIsRefused() {
        runner.withPropertyValues(
                        "architect.planner.provider=openai",
                        "architect.planner.model=gpt-4o-mini",
                        "architect.planner.base-url=https://api.openai.com/v1",
                        "architect.planner.api-key=sk-proj-abcdefghijklmnop")
                .run(ctx -> assertThat(rootMessage(ctx.getStartupFailure()))
                        .contains("must be a secret reference")
                        .doesNotContain("sk-proj-abcdefghijklmnop"));
        runner.withPropertyValues(
                        "architect.planner.provider=openai",
                        "architect.planner.model=gpt-4o-mini",
                        "architect.planner.base-url=https://key:sk-secret@api.openai.com/v1")
                .run(ctx -> assertThat(rootMessage(ctx.getStartupFailure()))
                        .contains("must not carry credentials")
                        .doesNotContain("sk-secret"));
    }
}
