package ai.matrix.architect.engine;

import ai.matrix.architect.config.ArchitectProperties;
import com.github.kagkarlsson.scheduler.Scheduler;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Stops a worker without failing the jobs it runs (SIGTERM on every rolling restart or scale-down). When the
 * context closes, before any bean is destroyed: the scheduler stops taking work, running stages get the grace
 * period ({@code architect.shutdown-grace}) to finish, and the ones still running are interrupted; the engine
 * then records their attempt as interrupted by shutdown and hands their execution back to the queue, due now and
 * unpicked, so that another worker takes it at once instead of after the dead-worker timeout.
 *
 * <p>db-scheduler's own stop would wait {@code shutdown-max-wait} and then interrupt the stages, which failed
 * their jobs; by the time it runs, nothing is executing any more.
 */
@Component
public class GracefulStop implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(GracefulStop.class);
    /** How long interrupted stages get to record the interruption and hand their execution back. */
    static final Duration HAND_BACK_WAIT = Duration.ofSeconds(20);

    private final ObjectProvider<Scheduler> scheduler;
    private final Duration grace;
    private final boolean runsWorker;
    private final Set<Run> runs = new LinkedHashSet<>();
    private volatile boolean draining;
    private volatile boolean running;

    @Autowired
    GracefulStop(ObjectProvider<Scheduler> scheduler, ArchitectProperties props) {
        this(scheduler, props.shutdownGrace(), props.runsWorker());
    }

    GracefulStop(ObjectProvider<Scheduler> scheduler, Duration grace, boolean runsWorker) {
        this.scheduler = scheduler;
        this.grace = grace;
        this.runsWorker = runsWorker;
    }

    /** True once this worker stops: a stage picked now is handed back without starting. */
    boolean draining() {
        return draining;
    }

    /** Registers the calling thread as running a stage until the returned run is closed. */
    synchronized Run enter() {
        Run run = new Run(Thread.currentThread());
        runs.add(run);
        return run;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the other lifecycle beans (the queue listener, the web server), so that stages still have them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    @Override
    public void stop() {
        running = false;
        if (!runsWorker) return;
        draining = true;
        Scheduler local = scheduler.getIfAvailable();
        if (local != null) local.pause();
        if (awaitIdle(local, grace)) return;
        int interrupted = interruptAll();
        log.info(
                "shutdown: {} stage(s) still running after the grace period of {}; handing them back",
                interrupted,
                grace);
        if (!awaitIdle(local, HAND_BACK_WAIT)) log.warn("shutdown: stages did not hand back in {}", HAND_BACK_WAIT);
    }

    private boolean awaitIdle(Scheduler local, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (busy(local)) {
            if (System.nanoTime() - deadline >= 0) return false;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private boolean busy(Scheduler local) {
        synchronized (this) {
            if (!runs.isEmpty()) return true;
        }
        return local != null && !local.getCurrentlyExecuting().isEmpty();
    }

    private synchronized int interruptAll() {
        for (Run run : runs) {
            run.interrupted = true;
            run.thread.interrupt();
        }
        return runs.size();
    }

    /** One stage running on one thread; closed by that thread when the stage returns. */
    final class Run implements AutoCloseable {
        private final Thread thread;
        private boolean interrupted;

        private Run(Thread thread) {
            this.thread = thread;
        }

        /** Whether this worker's shutdown interrupted the stage. */
        boolean interruptedByShutdown() {
            synchronized (GracefulStop.this) {
                return interrupted;
            }
        }

        @Override
        public void close() {
            synchronized (GracefulStop.this) {
                runs.remove(this);
                // an interrupt that came after the stage returned must not disturb the checkpoint that follows
                if (interrupted) Thread.interrupted();
            }
        }
    }
}
