package ai.matrix.architect.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.Scheduler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/**
 * The stop's own rules, without a scheduler: a stage that ends within the grace is left alone; one still running
 * after it is interrupted and knows that this worker's stop did it; after the stop nothing new starts.
 */
class GracefulStopTest {
    private static GracefulStop stop(Duration grace) {
        return new GracefulStop(new DefaultListableBeanFactory().getBeanProvider(Scheduler.class), grace, true);
    }

    @Test
    void aStageStillRunningAfterTheGraceIsInterruptedAndToldWhy() throws Exception {
        GracefulStop stop = stop(Duration.ofMillis(200));
        CountDownLatch entered = new CountDownLatch(1);
        AtomicBoolean toldShutdown = new AtomicBoolean();
        Thread stage = Thread.ofPlatform().start(() -> {
            try (GracefulStop.Run run = stop.enter()) {
                entered.countDown();
                try {
                    Thread.sleep(Duration.ofMinutes(5));
                } catch (InterruptedException e) {
                    toldShutdown.set(run.interruptedByShutdown());
                }
            }
        });
        entered.await();

        stop.stop();

        stage.join();
        assertThat(toldShutdown).isTrue();
        assertThat(stop.draining()).isTrue();
    }

    @Test
    void aStageThatEndsWithinTheGraceIsNotInterrupted() throws Exception {
        GracefulStop stop = stop(Duration.ofMinutes(5));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread stage = Thread.ofPlatform().start(() -> {
            try (GracefulStop.Run run = stop.enter()) {
                entered.countDown();
                finish.await();
                interrupted.set(run.interruptedByShutdown());
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        entered.await();
        Thread stopping = Thread.ofPlatform().start(stop::stop);
        while (!stop.draining()) Thread.onSpinWait();

        finish.countDown();
        stage.join();
        stopping.join();

        assertThat(interrupted).isFalse();
    }

    @Test
    void anApiProcessHasNothingToStop() {
        GracefulStop stop = new GracefulStop(
                new DefaultListableBeanFactory().getBeanProvider(Scheduler.class), Duration.ofMinutes(5), false);
        stop.start();
        stop.stop();
        assertThat(stop.draining()).isFalse();
        assertThat(stop.isRunning()).isFalse();
    }
}
