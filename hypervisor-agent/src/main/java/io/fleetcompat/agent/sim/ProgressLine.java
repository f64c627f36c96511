package io.fleetcompat.agent.sim;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Supplier;

/** One line per interval on the terminal for long runs: elapsed, ops/s, counts, and what the caller adds. */
final class ProgressLine {

    private final PrintStream out;
    private final long intervalNanos;
    private final Supplier<String> extra;
    private long start;
    private long lastPrint;
    private long lastSteps;

    ProgressLine(PrintStream out, Duration interval, Supplier<String> extra) {
        this.out = out;
        this.intervalNanos = interval.toNanos();
        this.extra = extra;
    }

    void start(long nowNanos) {
        start = nowNanos;
        lastPrint = nowNanos;
        lastSteps = 0;
    }

    /** Prints when an interval has passed since the last line. */
    void maybePrint(long nowNanos, long steps, Simulator.Snapshot s) {
        if (nowNanos - lastPrint < intervalNanos) {
            return;
        }
        double rate = (steps - lastSteps) / ((nowNanos - lastPrint) / 1e9);
        String tail = extra.get();
        out.printf("[simulate] %6.1fs  %8.0f ops/s  ops %d  events %d  hosts %d  guests %d (running %d, "
                        + "hibernated %d, hung %d)  resumes ok %d failed %d  refusals %d%s%n",
                (nowNanos - start) / 1e9, rate, steps, s.events(), s.hosts(), s.guests(), s.running(),
                s.hibernated(), s.hung(), s.resumesHealthy(), s.resumeFailures(), s.refusals(),
                tail.isEmpty() ? "" : "  " + tail);
        out.flush();
        lastPrint = nowNanos;
        lastSteps = steps;
    }
}
