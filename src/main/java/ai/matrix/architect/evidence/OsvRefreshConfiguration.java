package ai.matrix.architect.evidence;

import ai.matrix.architect.evidence.osv.OsvExports;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The recurring download of OSV's exports into the offline database ({@code architect.evidence.osv-refresh.*}).
 * It runs on whichever process runs the scheduler (a worker): the database directory is that process's.
 */
@Configuration(proxyBeanMethods = false)
class OsvRefreshConfiguration {
    static final String TASK = "osv-database-refresh";
    private static final Logger log = LoggerFactory.getLogger(OsvRefreshConfiguration.class);

    @Bean
    @ConditionalOnProperty(name = "architect.evidence.osv-refresh.enabled", havingValue = "true")
    RecurringTask<Void> osvDatabaseRefreshTask(EvidenceProperties props) {
        EvidenceProperties.OsvRefresh refresh = props.osvRefresh();
        if (props.osvDatabase().isBlank() || Files.isRegularFile(Path.of(props.osvDatabase()))) {
            throw new IllegalStateException(
                    "ARCHITECT_EVIDENCE_OSV_REFRESH_ENABLED (architect.evidence.osv-refresh.enabled) needs"
                            + " ARCHITECT_EVIDENCE_OSV_DATABASE (architect.evidence.osv-database) to name a directory to keep the exports in (it is '"
                            + props.osvDatabase() + "')");
        }
        OsvExports exports = new OsvExports(refresh.baseUrl(), Path.of(props.osvDatabase()), refresh.timeout());
        return Tasks.recurring(TASK, FixedDelay.of(refresh.interval()))
                .execute((instance, ctx) -> exports.refresh(refresh.ecosystems(), log::info));
    }
}
