package ai.matrix.architect.config;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one clock every component reads time from (job and stage timestamps, ids, approval deadlines, releases,
 * tokens, the audit log), so that tests move time instead of sleeping.
 */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
