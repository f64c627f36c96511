package io.fleetcompat.agent.sim;

import java.io.PrintStream;
import java.time.Duration;

/** One line per interval on the terminal for long runs: elapsed, ops/s, counts. */
final class ProgressLine {

    private final PrintStream out;
    private final long intervalNanos;
    private long start;
    private long lastPrint;
    private long lastSteps;

    ProgressLine(PrintStream out, Duration interval) {
        this.out = out;
        this.intervalNanos = interval.toNanos();
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
        out.printf("[simulate] %6.1fs  %8.0f ops/s  ops %d  events %d  hosts %d  guests %d (running %d, "
                        + "hibernated %d, hung %d)  resumes ok %d failed %d  refusals %d%n",
                (nowNanos - start) / 1e9, rate, steps, s.events(), s.hosts(), s.guests(), s.running(),
                s.hibernated(), s.hung(), s.resumesHealthy(), s.resumeFailures(), s.refusals());
        out.flush();
        lastPrint = nowNanos;
        lastSteps = steps;
    }
}
