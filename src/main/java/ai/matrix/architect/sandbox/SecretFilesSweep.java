package ai.matrix.architect.sandbox;

import ai.matrix.architect.config.ArchitectProperties;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** At start-up, removes the secret files of runs a crash interrupted: no run lasts longer than the stage timeout. */
@Component
class SecretFilesSweep {
    private final ArchitectProperties props;

    SecretFilesSweep(ArchitectProperties props) {
        this.props = props;
    }

    @EventListener(ApplicationReadyEvent.class)
    void sweep() {
        int removed = SecretFiles.sweep(
                props.stageTimeout().multipliedBy(2),
                props.dataDir().toAbsolutePath().normalize());
        if (removed > 0) {
            LoggerFactory.getLogger(SecretFilesSweep.class)
                    .info("removed {} secret-file directories left by interrupted runs", removed);
        }
    }
}
