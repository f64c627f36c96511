package io.fleetcompat.agent.events;

import java.util.SplittableRandom;

/**
 * Decides which hypercall results are sent. Failures (rc &lt; 0), FIFO commands and upcall-vector calls
 * always are, since the detector needs every one of them; the rest are sampled at {@code rate}. The random
 * stream is seeded from the configured seed and the host id, so a run is reproducible per host and hosts
 * of one simulation do not sample in lock-step. Not thread-safe: one per host emitter.
 */
public final class HypercallSampler {

    private final double rate;
    private final SplittableRandom random;

    public HypercallSampler(double rate, long seed, String hostId) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("sample rate must be in [0, 1], was " + rate);
        }
        this.rate = rate;
        this.random = new SplittableRandom(seed ^ ((long) hostId.hashCode() << 32 | hostId.length()));
    }

    public boolean shouldSend(HypercallOutcome outcome) {
        if (outcome.rc() < 0 || outcome.isFifoCommand() || outcome.isUpcallVectorCall()) {
            return true;
        }
        return rate >= 1.0 || (rate > 0.0 && random.nextDouble() < rate);
    }
}
