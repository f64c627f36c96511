package io.fleetcompat.rules.rollout;

import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.PolicyMode;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

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
 * @param scope which creates a rolled-out family directive speaks for, unless a START names it
 * @param waveDeadline a running wave with no counted create for this long (wall clock) halts; zero: none
 * @param insufficientData what a gate with no data does to its wave: PASS, or BLOCK (it fails)
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
        int evidenceBucketsKept,
        DirectiveScope scope,
        Duration waveDeadline,
        InsufficientData insufficientData) {

    /** What a failed rollout gate does. */
    public enum GateFailureAction { PAUSE, ROLLBACK }

    /** What a gate without data does. */
    public enum InsufficientData { PASS, BLOCK }

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
        if (!RolloutSpec.FAMILY_SCOPES.contains(scope)) {
            throw new IllegalArgumentException("fleet-stream.rollout.scope must be ALL_CREATES or RESUMES_OF_2L_IMAGES: "
                    + scope);
        }
        if (waveDeadline.isNegative()) {
            throw new IllegalArgumentException("fleet-stream.rollout.wave-deadline must not be negative: "
                    + waveDeadline);
        }
        if (insufficientData == null) {
            throw new IllegalArgumentException("fleet-stream.rollout.insufficient-data must be PASS or BLOCK");
        }
    }

    /** The same settings with {@code change} applied to a copy's builder, for the few that tests and config vary. */
    public RolloutSettings with(UnaryOperator<Builder> change) {
        return change.apply(new Builder(this)).build();
    }

    /** A mutable copy, so a caller names only the settings it changes. */
    public static final class Builder {
        public PolicyMode familyMode;
        public boolean autoApprove;
        public List<Double> waveFractions;
        public int requiredCreates;
        public double resumeFailureTolerance;
        public int maxPortLimitFailures;
        public double maxRejectedAckRatio;
        public GateFailureAction onGateFailure;
        public int escalationThreshold;
        public Duration escalationWindow;
        public Duration evidenceBucket;
        public int evidenceBucketsKept;
        public DirectiveScope scope;
        public Duration waveDeadline;
        public InsufficientData insufficientData;

        Builder(RolloutSettings s) {
            familyMode = s.familyMode;
            autoApprove = s.autoApprove;
            waveFractions = s.waveFractions;
            requiredCreates = s.requiredCreates;
            resumeFailureTolerance = s.resumeFailureTolerance;
            maxPortLimitFailures = s.maxPortLimitFailures;
            maxRejectedAckRatio = s.maxRejectedAckRatio;
            onGateFailure = s.onGateFailure;
            escalationThreshold = s.escalationThreshold;
            escalationWindow = s.escalationWindow;
            evidenceBucket = s.evidenceBucket;
            evidenceBucketsKept = s.evidenceBucketsKept;
            scope = s.scope;
            waveDeadline = s.waveDeadline;
            insufficientData = s.insufficientData;
        }

        RolloutSettings build() {
            return new RolloutSettings(familyMode, autoApprove, waveFractions, requiredCreates, resumeFailureTolerance,
                    maxPortLimitFailures, maxRejectedAckRatio, onGateFailure, escalationThreshold, escalationWindow,
                    evidenceBucket, evidenceBucketsKept, scope, waveDeadline, insufficientData);
        }
    }
}
