package ai.matrix.architect.gate;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/** The recurring task that expires approvals. */
@Configuration(proxyBeanMethods = false)
class GateConfiguration {

    @Bean
    RecurringTask<Void> approvalExpiryTask(GateProperties props, @Lazy ApprovalExpiry expiry) {
        return Tasks.recurring("approval-expiry", FixedDelay.of(props.expiryCheckInterval()))
                .execute((instance, ctx) -> expiry.expireDue());
    }
}
