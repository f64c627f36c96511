package io.fleetcompat.rules.rollout;

import io.fleetcompat.schema.avro.PolicyMode;
import java.time.Duration;
import java.util.List;

/**
 * The tunables of family evidence, escalation and the staged rollout, validated once. fleet-stream fills them from
 * {@code fleet-stream.rollout.*} and {@code fleet-stream.family.*} (the messages name those keys).
 *
 * @param familyMode mode of family-level rollouts (OBSERVE = dry run)
 * @param autoApprove a new family rollout starts RUNNING instead of AWAITING_APPROVAL
 * @param waveFractions cumulative host fractions of the waves, increasing, the last one 1.0
 * @param requiredCreates creates/resumes under a wave's directive before its gates are evaluated
 * @param resumeFailureTolerance allowed excess of the resume-failure rate under the policy over the rate outside it
 * @param maxPortLimitFailures denied domains that ran out of 2-level ports (-ENOSPC) under the policy a wave tolerates
 * @param maxRejectedAckRatio REJECTED acks / all acks a wave tolerates
 * @param onGateFailure what a failed gate does to the rollout
 * @param escalationThreshold hazards + §8 failures per family x profile within the window that open a rollout
 * @param escalationWindow window of the escalation count (event time)
 * @param evidenceBucket size of one family-evidence bucket (event time)
 * @param evidenceBucketsKept buckets of family evidence kept per family x profile
 */
public record RolloutSettings(
        PolicyMode familyMode,
        boolean autoApprove,
        List<Double> waveFractions,
        int requiredCreates,
        double resumeFailureTolerance,
        int maxPortLimitFailures,
        double maxRejectedAckRatio,
        GateFailureAction onGateFailure,
        int escalationThreshold,
        Duration escalationWindow,
        Duration evidenceBucket,
        int evidenceBucketsKept) {

    /** What a failed rollout gate does. */
    public enum GateFailureAction { PAUSE, ROLLBACK }

    public RolloutSettings {
        waveFractions = List.copyOf(waveFractions);
        if (waveFractions.isEmpty() || waveFractions.get(waveFractions.size() - 1) != 1.0) {
            throw new IllegalArgumentException("fleet-stream.rollout.wave-fractions must end with 1.0: " + waveFractions);
        }
        for (int i = 0; i < waveFractions.size(); i++) {
            double f = waveFractions.get(i);
            if (f <= 0 || f > 1 || (i > 0 && f <= waveFractions.get(i - 1))) {
                throw new IllegalArgumentException(
                        "fleet-stream.rollout.wave-fractions must increase within (0, 1]: " + waveFractions);
            }
        }
        if (requiredCreates < 1) {
            throw new IllegalArgumentException("fleet-stream.rollout.required-creates must be >= 1: " + requiredCreates);
        }
        if (escalationThreshold < 1) {
            throw new IllegalArgumentException("fleet-stream.family.escalation-threshold must be >= 1");
        }
        if (evidenceBucketsKept < 1) {
            throw new IllegalArgumentException("fleet-stream.family.evidence-buckets-kept must be >= 1");
        }
    }
}
