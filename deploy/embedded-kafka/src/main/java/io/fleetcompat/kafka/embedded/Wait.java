package io.fleetcompat.kafka.embedded;

import java.time.Duration;

/** Bounded polling: every wait in this module has a deadline. */
final class Wait {

    private static final long POLL_MILLIS = 100;

    /** A condition whose check may fail transiently (e.g. a broker not answering yet). */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    private Wait() {
    }

    /** Polls until {@code condition} holds; a check that throws counts as "not yet". */
    static void until(String what, Duration timeout, Condition condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastError = null;
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            } catch (Exception e) {
                lastError = e;
            }
            if (System.nanoTime() > deadline) {
                IllegalStateException timeoutError = new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
                if (lastError != null) {
                    timeoutError.initCause(lastError);
                }
                throw timeoutError;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }
}
