package ai.matrix.architect.housekeeping;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.workspace.DiskFloor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The product's "beat": removes what finished jobs no longer need and reports what it freed. Workspaces are
 * per machine (each worker sweeps its own); artifacts and events are shared (one process sweeps them at a time).
 */
@Service
public class Housekeeping {
    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final WorkspaceSweeper workspaces;
    private final RetentionSweeper retention;
    private final DiskFloor floor;
    private final ArchitectProperties props;
    private final MeterRegistry metrics;

    Housekeeping(
            WorkspaceSweeper workspaces,
            RetentionSweeper retention,
            DiskFloor floor,
            ArchitectProperties props,
            MeterRegistry metrics) {
        this.workspaces = workspaces;
        this.retention = retention;
        this.floor = floor;
        this.props = props;
        this.metrics = metrics;
        Gauge.builder("architect.disk.free", () -> floor.freeBytes(props.dataDir()))
                .baseUnit("bytes")
                .description("free space under the data directory; new jobs are refused below the floor")
                .register(metrics);
    }

    /** Both sweeps, here and now: this machine's workspaces (when it runs stages) and the shared retention. */
    public HousekeepingReport sweepNow() {
        return report(
                props.runsWorker() ? workspaces.sweep() : new WorkspaceSweeper.Result(0, 0, 0), retention.sweep());
    }

    HousekeepingReport sweepWorkspaces() {
        return report(workspaces.sweep(), new RetentionSweeper.Result(0, 0, 0));
    }

    HousekeepingReport sweepRetention() {
        return report(new WorkspaceSweeper.Result(0, 0, 0), retention.sweep());
    }

    private void freed(String what, long bytes) {
        Counter.builder("architect.housekeeping.freed")
                .baseUnit("bytes")
                .tag("what", what)
                .description("bytes removed by housekeeping")
                .register(metrics)
                .increment(bytes);
    }

    private HousekeepingReport report(WorkspaceSweeper.Result w, RetentionSweeper.Result r) {
        HousekeepingReport report = new HousekeepingReport(
                w.removed(),
                w.bytes(),
                w.kept(),
                r.artifactsRemoved(),
                r.artifactBytes(),
                r.eventsRemoved(),
                floor.freeBytes(props.dataDir()),
                floor.floorBytes());
        freed("workspaces", w.bytes());
        freed("artifacts", r.artifactBytes());
        if (w.removed() + r.artifactsRemoved() + r.eventsRemoved() > 0) {
            log.info(
                    "housekeeping freed {}: {} workspace(s), {} artifact(s), {} event(s); {} workspace(s) of failed"
                            + " jobs kept; {} free on disk",
                    DiskFloor.human(report.freedBytes()),
                    w.removed(),
                    r.artifactsRemoved(),
                    r.eventsRemoved(),
                    w.kept(),
                    DiskFloor.human(report.freeDiskBytes()));
        }
        return report;
    }
}
