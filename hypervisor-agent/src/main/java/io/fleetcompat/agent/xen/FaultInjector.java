package io.fleetcompat.agent.xen;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * One-shot faults and reset preemption, for tests. Nothing fails unless asked to: a fault armed with
 * {@link #failNext} fires on the next pass through its point and is then gone.
 */
public final class FaultInjector {

    private final Map<FaultPoint, Deque<Errno>> armed = new EnumMap<>(FaultPoint.class);
    private int resetPreemptions;
    private Runnable betweenSegments = () -> { };

    public void failNext(FaultPoint point, Errno errno) {
        armed.computeIfAbsent(point, p -> new ArrayDeque<>()).add(errno);
    }

    /** The armed failure for {@code point}, consumed. */
    public Optional<Errno> take(FaultPoint point) {
        Deque<Errno> q = armed.get(point);
        return q == null || q.isEmpty() ? Optional.empty() : Optional.of(q.poll());
    }

    /**
     * Make the next {@code count} preemption checks in a reset loop fire (§5 step 6). Each time, {@code
     * betweenSegments} runs before the continuation, standing for whatever other vCPUs do meanwhile.
     */
    public void preemptResets(int count, Runnable betweenSegments) {
        this.resetPreemptions = count;
        this.betweenSegments = betweenSegments;
    }

    boolean takeResetPreemption() {
        if (resetPreemptions > 0) {
            resetPreemptions--;
            return true;
        }
        return false;
    }

    void runBetweenSegments() {
        betweenSegments.run();
    }
}
