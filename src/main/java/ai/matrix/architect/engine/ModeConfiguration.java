package ai.matrix.architect.engine;

import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerStarter;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * In {@code api} mode this process only asks for work: the queue client schedules stages, but the scheduler
 * that would run them is never started.
 */
@Configuration(proxyBeanMethods = false)
class ModeConfiguration {
    @Bean
    @ConditionalOnProperty(name = "architect.mode", havingValue = "api")
    DbSchedulerStarter apiModeDoesNotRunStages() {
        return () -> LoggerFactory.getLogger(ModeConfiguration.class)
                .info("api mode: stages are queued here and run by worker processes");
    }
}
