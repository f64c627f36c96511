package io.fleetcompat.launcher.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples {@code ps -eo args} (every process's command line, as any user of the machine sees it) every two seconds
 * while a demo runs, keeping each distinct line.
 */
final class ProcessArguments implements AutoCloseable {

    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "ps-sampler");
        thread.setDaemon(true);
        return thread;
    });

    static ProcessArguments sampling() {
        ProcessArguments arguments = new ProcessArguments();
        arguments.sampler.scheduleWithFixedDelay(arguments::sample, 0, 2, TimeUnit.SECONDS);
        return arguments;
    }

    /** Every distinct command line seen so far. */
    List<String> seen() {
        return List.copyOf(seen);
    }

    private void sample() {
        try {
            Process ps = new ProcessBuilder("ps", "-eo", "args").redirectErrorStream(true).start();
            String output = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ps.waitFor(10, TimeUnit.SECONDS);
            output.lines().forEach(seen::add);
        } catch (IOException e) {
            seen.add("ps failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        sampler.shutdownNow();
        sampler.awaitTermination(10, TimeUnit.SECONDS);
    }
}
