package io.fleetcompat.agent.sim;

import java.util.concurrent.locks.LockSupport;

/** The wall clock a {@link Pacer} reads and waits on; tests substitute one that only counts. */
interface NanoClock {

    long nanoTime();

    void parkNanos(long nanos);

    NanoClock SYSTEM = new NanoClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void parkNanos(long nanos) {
            LockSupport.parkNanos(nanos);
        }
    };
}
