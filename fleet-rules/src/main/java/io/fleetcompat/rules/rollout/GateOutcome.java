package io.fleetcompat.rules.rollout;

import io.fleetcompat.schema.avro.GateVerdict;

/** One evaluated health gate of a wave: what was observed against which threshold. */
public record GateOutcome(String gate, GateVerdict verdict, double observed, double threshold, String detail) {

    public boolean failed() {
        return verdict == GateVerdict.FAIL;
    }
}
