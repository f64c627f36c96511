package io.fleetcompat.stream.topology;

import io.fleetcompat.schema.avro.PolicyMode;
import java.time.Duration;
import java.util.List;

/**
 * Every tunable of the topology, validated once. The Quarkus app fills it from {@code fleet-stream.*}
 * (see README, "Configuration"); tests and the replay tool build it directly.
 *
 * @param instanceMode mode of instance-level directives (OBSERVE = audit only, never sent to agents)
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
 * @param dedupWindowPerHost recent (sequence, event id) pairs kept per host in a guest's state
 * @param sweepInterval wall-clock interval of the predictive sweep (hibernated guests never decided on,
 *                      re-evaluated when the fleet gains its first FIFO-capable host)
 * @param sweepBatch guests the sweep looks at per punctuation and task
 * @param timelineKept timeline lines kept per guest (read and written with its state on every event)
 * @param unknownHostGrace how long a guest's events wait for their host's first HostStatus before they are
 *                         dead-lettered (the heartbeat and the events travel on different topics); 0: at once
 */
public record FleetStreamConfig(
        PolicyMode instanceMode,
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
        int evidenceBucketsKept,
        int dedupWindowPerHost,
        Duration sweepInterval,
        int sweepBatch,
        int timelineKept,
        Duration unknownHostGrace) {

    /** What a failed rollout gate does. */
    public enum GateFailureAction { PAUSE, ROLLBACK }

    public FleetStreamConfig {
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
        if (dedupWindowPerHost < 1 || evidenceBucketsKept < 1) {
            throw new IllegalArgumentException("fleet-stream dedup window and evidence buckets must be >= 1");
        }
        if (timelineKept < 1) {
            throw new IllegalArgumentException("fleet-stream.timeline-kept must be >= 1: " + timelineKept);
        }
        if (sweepInterval.isNegative() || sweepInterval.isZero() || sweepBatch < 1) {
            throw new IllegalArgumentException("fleet-stream.predictive-sweep interval and batch must be positive");
        }
        if (unknownHostGrace.isNegative()) {
            throw new IllegalArgumentException("fleet-stream.unknown-host-grace must not be negative: " + unknownHostGrace);
        }
    }

    /** The documented defaults (application.properties repeats them). */
    public static FleetStreamConfig defaults() {
        return new FleetStreamConfig(PolicyMode.ENFORCE, PolicyMode.ENFORCE, false,
                List.of(0.02, 0.10, 0.25, 0.5, 1.0), 20, 0.0, 2, 0.05, GateFailureAction.PAUSE,
                5, Duration.ofHours(1), Duration.ofMinutes(10), 144, 64,
                Duration.ofMinutes(1), 1000, 32, Duration.ofSeconds(30));
    }

    public FleetStreamConfig withAutoApprove(boolean value) {
        return new FleetStreamConfig(instanceMode, familyMode, value, waveFractions, requiredCreates,
                resumeFailureTolerance, maxPortLimitFailures, maxRejectedAckRatio, onGateFailure,
                escalationThreshold, escalationWindow, evidenceBucket, evidenceBucketsKept, dedupWindowPerHost,
                sweepInterval, sweepBatch, timelineKept, unknownHostGrace);
    }

    public FleetStreamConfig withRollout(List<Double> fractions, int creates, GateFailureAction onFailure) {
        return new FleetStreamConfig(instanceMode, familyMode, autoApprove, fractions, creates,
                resumeFailureTolerance, maxPortLimitFailures, maxRejectedAckRatio, onFailure,
                escalationThreshold, escalationWindow, evidenceBucket, evidenceBucketsKept, dedupWindowPerHost,
                sweepInterval, sweepBatch, timelineKept, unknownHostGrace);
    }

    public FleetStreamConfig withModes(PolicyMode instance, PolicyMode family) {
        return new FleetStreamConfig(instance, family, autoApprove, waveFractions, requiredCreates,
                resumeFailureTolerance, maxPortLimitFailures, maxRejectedAckRatio, onGateFailure,
                escalationThreshold, escalationWindow, evidenceBucket, evidenceBucketsKept, dedupWindowPerHost,
                sweepInterval, sweepBatch, timelineKept, unknownHostGrace);
    }

    public FleetStreamConfig withEscalationThreshold(int threshold) {
        return new FleetStreamConfig(instanceMode, familyMode, autoApprove, waveFractions, requiredCreates,
                resumeFailureTolerance, maxPortLimitFailures, maxRejectedAckRatio, onGateFailure,
                threshold, escalationWindow, evidenceBucket, evidenceBucketsKept, dedupWindowPerHost,
                sweepInterval, sweepBatch, timelineKept, unknownHostGrace);
    }

    public FleetStreamConfig withSweep(Duration interval, int batch) {
        return new FleetStreamConfig(instanceMode, familyMode, autoApprove, waveFractions, requiredCreates,
                resumeFailureTolerance, maxPortLimitFailures, maxRejectedAckRatio, onGateFailure,
                escalationThreshold, escalationWindow, evidenceBucket, evidenceBucketsKept, dedupWindowPerHost,
                interval, batch, timelineKept, unknownHostGrace);
    }

    public FleetStreamConfig withUnknownHostGrace(Duration grace) {
        return new FleetStreamConfig(instanceMode, familyMode, autoApprove, waveFractions, requiredCreates,
                resumeFailureTolerance, maxPortLimitFailures, maxRejectedAckRatio, onGateFailure,
                escalationThreshold, escalationWindow, evidenceBucket, evidenceBucketsKept, dedupWindowPerHost,
                sweepInterval, sweepBatch, timelineKept, grace);
    }
}
