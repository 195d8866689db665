package ai.matrix.architect.engine;

import ai.matrix.architect.job.JobStore;

/**
 * Watches the job's cancel flag while a stage runs and interrupts the stage's thread when it is set; sandbox
 * adapters kill their process tree on interrupt.
 */
final class CancellationWatch implements AutoCloseable {
    private final Thread watcher;
    private volatile boolean cancelled;
    private volatile boolean done;

    CancellationWatch(JobStore store, String jobId, Thread stageThread) {
        watcher = Thread.ofVirtual().start(() -> {
            while (!done) {
                try {
                    Thread.sleep(1000);
                    if (!done && store.cancelRequested(jobId)) {
                        cancelled = true;
                        stageThread.interrupt();
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // the database may be briefly unreachable; try again on the next tick
                }
            }
        });
    }

    boolean cancelled() {
        return cancelled;
    }

    @Override
    public void close() {
        done = true;
        watcher.interrupt();
    }
}
