package io.fleetcompat.agent.bridge;

import io.fleetcompat.agent.events.EmitResult;
import java.util.concurrent.atomic.LongAdder;

/**
 * How the event sinks answered the toolstack records forwarded to them: queued in the outbox (these are what
 * reaches fleet.events), left out by hypercall sampling, or refused (outbox full or closed). Thread-safe.
 */
public final class EmitTally {

    /** The counts at one moment; {@code forwarded()} is every record handed to a sink. */
    public record Counts(long queued, long sampledOut, long refused) {
        public long forwarded() {
            return queued + sampledOut + refused;
        }
    }

    private final LongAdder queued = new LongAdder();
    private final LongAdder sampledOut = new LongAdder();
    private final LongAdder refused = new LongAdder();

    void count(EmitResult result) {
        if (result instanceof EmitResult.Queued) {
            queued.increment();
        } else if (result instanceof EmitResult.SampledOut) {
            sampledOut.increment();
        } else {
            refused.increment();
        }
    }

    public Counts counts() {
        return new Counts(queued.sum(), sampledOut.sum(), refused.sum());
    }
}
