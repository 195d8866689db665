package ai.matrix.architect.gate;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Replaces the system clock with one the test moves. */
@TestConfiguration(proxyBeanMethods = false)
public class TestClock {
    @Bean
    @Primary
    MutableClock testClock() {
        return new MutableClock();
    }
}
