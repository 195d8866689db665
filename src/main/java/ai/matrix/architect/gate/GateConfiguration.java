package ai.matrix.architect.gate;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/** The clock the gate measures approval deadlines with, and the recurring task that expires approvals. */
@Configuration(proxyBeanMethods = false)
class GateConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    RecurringTask<Void> approvalExpiryTask(GateProperties props, @Lazy ApprovalExpiry expiry) {
        return Tasks.recurring("approval-expiry", FixedDelay.of(props.expiryCheckInterval()))
                .execute((instance, ctx) -> expiry.expireDue());
    }
}
