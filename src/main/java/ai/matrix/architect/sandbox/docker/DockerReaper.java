package ai.matrix.architect.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes sandbox containers whose deadline (start + timeout + grace, a label set at creation) has passed:
 * those a crashed worker left behind. A live run's container is never touched, whichever worker owns it.
 * Runs at start-up and then on a timer.
 */
public class DockerReaper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DockerReaper.class);
    private final DockerClient client;
    private final Clock clock;
    private ScheduledExecutorService timer;

    public DockerReaper(DockerClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** Reaps now, then every {@code interval}. */
    public DockerReaper start(Duration interval) {
        timer = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("docker-sandbox-reaper").unstarted(r));
        timer.scheduleWithFixedDelay(this::reapQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Removes every expired sandbox container; returns their ids. */
    public List<String> reap() {
        long now = clock.millis();
        List<Container> ours = client.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(DockerSandbox.LABEL, "true"))
                .exec();
        List<String> removed = ours.stream()
                .filter(c -> expired(c, now))
                .map(Container::getId)
                .filter(this::remove)
                .toList();
        if (!removed.isEmpty()) log.warn("removed {} sandbox container(s) left behind: {}", removed.size(), removed);
        return removed;
    }

    private static boolean expired(Container c, long now) {
        String deadline = c.getLabels() == null ? null : c.getLabels().get(DockerSandbox.LABEL_DEADLINE);
        try {
            return deadline == null || Long.parseLong(deadline) < now;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private boolean remove(String id) {
        try {
            client.removeContainerCmd(id)
                    .withForce(true)
                    .withRemoveVolumes(true)
                    .exec();
            return true;
        } catch (RuntimeException e) {
            log.warn("cannot remove the sandbox container {}: {}", id, e.getMessage());
            return false;
        }
    }

    private void reapQuietly() {
        try {
            reap();
        } catch (RuntimeException e) {
            log.warn("sandbox reaper: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (timer != null) timer.shutdownNow();
    }
}
