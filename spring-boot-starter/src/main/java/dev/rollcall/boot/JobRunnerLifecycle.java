package dev.rollcall.boot;

import dev.rollcall.jobs.JobRunner;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.SmartLifecycle;

/**
 * Starts a {@link JobRunner} on an executor of its own when the application context starts,
 * and on stop lets the runs under way finish before the executor goes (their claims are
 * renewed on it until then).
 */
public final class JobRunnerLifecycle implements SmartLifecycle {

    private final JobRunner runner;
    private final int threads;
    private ScheduledExecutorService executor;

    /**
     * @param runner  the runner to start
     * @param threads the executor's threads (at least 2: a run and the runner's ticks)
     */
    public JobRunnerLifecycle(JobRunner runner, int threads) {
        if (threads < 2) {
            throw new IllegalArgumentException("rollcall.jobs.threads must be at least 2: " + threads);
        }
        this.runner = runner;
        this.threads = threads;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        AtomicInteger count = new AtomicInteger();
        executor = Executors.newScheduledThreadPool(threads, task -> {
            Thread thread = new Thread(task, "rollcall-jobs-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        runner.start(executor);
    }

    @Override
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        runner.stop();
        try {
            while (!runner.awaitIdle(Duration.ofMinutes(1))) {
                // a run is still under way: it finishes, it is not cut off
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdown();
        executor = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
