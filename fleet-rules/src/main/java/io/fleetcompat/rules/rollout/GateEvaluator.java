package io.fleetcompat.rules.rollout;

import io.fleetcompat.schema.avro.GateVerdict;
import java.util.List;

/**
 * The health gates of a completed wave. A gate without data says INSUFFICIENT_DATA, which passes by default (many
 * creates are fresh boots, so a wave may pass its create count without a single resume under it); with
 * {@code insufficient-data=BLOCK} it fails instead (verdict FAIL, the detail says why).
 */
public final class GateEvaluator {

    public static final String RESUME_FAILURE_RATE = "resume-failure-rate";
    public static final String PORT_LIMIT_FAILURES = "port-limit-failures";
    public static final String REJECTED_ACKS = "rejected-acks-ratio";

    private final RolloutSettings config;

    public GateEvaluator(RolloutSettings config) {
        this.config = config;
    }

    public List<GateOutcome> evaluate(Rollout rollout, WaveProgress wave) {
        return List.of(resumeFailureRate(rollout, wave), portLimit(wave), rejectedAcks(wave));
    }

    private GateOutcome resumeFailureRate(Rollout rollout, WaveProgress wave) {
        double outside = rollout.resumesOutside() == 0 ? 0.0
                : (double) rollout.resumeFailuresOutside() / rollout.resumesOutside();
        double threshold = outside + config.resumeFailureTolerance();
        if (wave.resumesUnder() == 0) {
            return noData(RESUME_FAILURE_RATE, threshold, "no resume on a host of the wave's cohort");
        }
        double under = (double) wave.resumeFailuresUnder() / wave.resumesUnder();
        return new GateOutcome(RESUME_FAILURE_RATE, under <= threshold ? GateVerdict.PASS : GateVerdict.FAIL, under,
                threshold, wave.resumeFailuresUnder() + "/" + wave.resumesUnder() + " in the wave's cohort vs "
                + rollout.resumeFailuresOutside() + "/" + rollout.resumesOutside() + " outside the cohort");
    }

    private GateOutcome noData(String gate, double threshold, String what) {
        return config.insufficientData() == RolloutSettings.InsufficientData.BLOCK
                ? new GateOutcome(gate, GateVerdict.FAIL, 0.0, threshold, what + " (insufficient-data=BLOCK)")
                : new GateOutcome(gate, GateVerdict.INSUFFICIENT_DATA, 0.0, threshold, what);
    }

    private GateOutcome portLimit(WaveProgress wave) {
        int observed = wave.portLimitUnder();
        return new GateOutcome(PORT_LIMIT_FAILURES,
                observed <= config.maxPortLimitFailures() ? GateVerdict.PASS : GateVerdict.FAIL, observed,
                config.maxPortLimitFailures(), "denied domains under the policy that ran out of 2-level ports (-ENOSPC)");
    }

    private GateOutcome rejectedAcks(WaveProgress wave) {
        if (wave.acks() == 0) {
            return noData(REJECTED_ACKS, config.maxRejectedAckRatio(), "no acknowledgement of this wave's directive");
        }
        double ratio = (double) wave.rejectedAcks() / wave.acks();
        return new GateOutcome(REJECTED_ACKS, ratio <= config.maxRejectedAckRatio() ? GateVerdict.PASS : GateVerdict.FAIL,
                ratio, config.maxRejectedAckRatio(), wave.rejectedAcks() + "/" + wave.acks() + " acks rejected");
    }
}
