package io.fleetcompat.kafka.embedded;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one task per node at the same time. Combined nodes must start together (each waits for a
 * controller quorum) and stop together (one by one, the last node loses quorum and hangs).
 */
final class Parallel {

    /** A task that may throw checked exceptions. */
    @FunctionalInterface
    interface Task {
        void run() throws Exception;
    }

    private Parallel() {
    }

    /**
     * Runs all tasks and waits for them up to {@code timeout} in total. Fails fast: the first failure is
     * thrown at once, since the other nodes of a combined cluster may never finish starting without it.
     * Tasks still running then are left on their daemon threads; the caller stops the nodes.
     */
    static void runAll(String name, List<Task> tasks, Duration timeout) {
        AtomicInteger counter = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, tasks.size()), runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletionService<Void> completion = new ExecutorCompletionService<>(executor);
            for (Task task : tasks) {
                completion.submit(() -> {
                    task.run();
                    return null;
                });
            }
            awaitAll(name, completion, tasks.size(), System.nanoTime() + timeout.toNanos());
        } finally {
            // No interrupt: a Kafka server interrupted mid-startup or mid-shutdown can be left half-stopped.
            executor.shutdown();
        }
    }

    private static void awaitAll(String name, CompletionService<Void> completion, int count, long deadline) {
        try {
            for (int done = 0; done < count; done++) {
                Future<Void> next = completion.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (next == null) {
                    throw new IllegalStateException(name + ": " + (count - done) + " of " + count + " tasks did not finish in time");
                }
                next.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(name + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + " interrupted", e);
        }
    }
}
