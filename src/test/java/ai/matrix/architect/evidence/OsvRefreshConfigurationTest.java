package ai.matrix.architect.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class OsvRefreshConfigurationTest {
    @TempDir
    Path dir;

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(EvidenceProperties.class)
    static class Props {}

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(Props.class, OsvRefreshConfiguration.class);

    @Test
    void theRefreshIsARecurringTaskOnlyWhenEnabledAndNeedsADatabaseDirectory() throws Exception {
        runner.withPropertyValues("architect.evidence.osv-database=" + dir)
                .run(ctx -> assertThat(ctx).doesNotHaveBean(RecurringTask.class));
        runner.withPropertyValues(
                        "architect.evidence.osv-database=" + dir,
                        "architect.evidence.osv-refresh.enabled=true",
                        "architect.evidence.osv-refresh.interval=6h")
                .run(ctx -> {
                    RecurringTask<?> task = ctx.getBean(RecurringTask.class);
                    assertThat(task.getName()).isEqualTo(OsvRefreshConfiguration.TASK);
                    EvidenceProperties.OsvRefresh defaults =
                            ctx.getBean(EvidenceProperties.class).osvRefresh();
                    assertThat(defaults.interval()).isEqualTo(Duration.ofHours(6));
                    assertThat(defaults.baseUrl()).isEqualTo("https://osv-vulnerabilities.storage.googleapis.com");
                    assertThat(defaults.ecosystems()).containsExactly("Maven", "npm", "PyPI", "Go", "crates.io");
                });
        Path zip = Files.createFile(dir.resolve("all.zip"));
        runner.withPropertyValues(
                        "architect.evidence.osv-database=" + zip, "architect.evidence.osv-refresh.enabled=true")
                .run(
                        ctx -> assertThat(ctx)
                                .hasFailed()
                                .getFailure()
                                .rootCause()
                                .hasMessageContaining(
                                        "needs ARCHITECT_EVIDENCE_OSV_DATABASE (architect.evidence.osv-database) to name a directory"));
    }
}
