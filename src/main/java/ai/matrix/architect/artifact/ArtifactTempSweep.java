package ai.matrix.architect.artifact;

import ai.matrix.architect.config.ArchitectProperties;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * At start, removes the temporary files of artifacts that dead workers were storing when they were killed: in the
 * data directory's {@code tmp}, in the system temporary directory (where earlier versions put them), and the
 * store's unfinished uploads. Only files older than {@link #MIN_AGE} go: a file of a live process, which may share
 * the store or the temporary directory, is in use for seconds.
 */
@Component
class ArtifactTempSweep {
    static final Duration MIN_AGE = Duration.ofMinutes(15);
    private static final Logger log = LoggerFactory.getLogger(ArtifactTempSweep.class);

    private final ArchitectProperties props;
    private final BlobStore blobs;
    private final Clock clock;

    ArtifactTempSweep(ArchitectProperties props, BlobStore blobs, Clock clock) {
        this.props = props;
        this.blobs = blobs;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        try {
            int removed = sweep();
            if (removed > 0) log.info("removed {} temporary artifact files left by stopped or killed workers", removed);
        } catch (IOException | RuntimeException e) {
            log.warn("could not sweep temporary artifact files: {}", e.getMessage());
        }
    }

    int sweep() throws IOException {
        var before = clock.instant().minus(MIN_AGE);
        return TempFiles.sweep(Artifacts.tempDir(props), before)
                + TempFiles.sweep(Path.of(System.getProperty("java.io.tmpdir")), before)
                + blobs.sweepUnfinished(before);
    }
}
