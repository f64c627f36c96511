package io.fleetcompat.stream.topology;

import io.fleetcompat.rules.guest.GuestStep;
import io.fleetcompat.rules.rollout.RolloutSettings;
import io.fleetcompat.rules.rollout.RolloutSettings.GateFailureAction;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.PolicyMode;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Every tunable of the topology, validated once. The Quarkus app fills it from {@code fleet-stream.*}
 * (see README, "Configuration"); tests and the replay tool build it directly. The rules' parts are fleet-rules'
 * own settings records, each validating itself.
 *
 * @param guest the per-guest step's settings (instance mode, dedup window, timeline, unknown-host grace)
 * @param rollout family evidence, escalation and rollout settings
 * @param sweepInterval wall-clock interval of the predictive sweep (hibernated guests never decided on,
 *                      re-evaluated when the fleet gains its first FIFO-capable host)
 * @param sweepBatch guests the sweep looks at per punctuation and task
 */
public record FleetStreamConfig(GuestStep.Settings guest, RolloutSettings rollout, Duration sweepInterval,
                                int sweepBatch) {

    public FleetStreamConfig {
        if (sweepInterval.isNegative() || sweepInterval.isZero() || sweepBatch < 1) {
            throw new IllegalArgumentException("fleet-stream.predictive-sweep interval and batch must be positive");
        }
    }

    /** The documented defaults (application.properties repeats them). */
    public static FleetStreamConfig defaults() {
        return new FleetStreamConfig(
                new GuestStep.Settings(PolicyMode.ENFORCE, 64, 32, Duration.ofSeconds(30)),
                new RolloutSettings(PolicyMode.ENFORCE, false, List.of(0.02, 0.10, 0.25, 0.5, 1.0), 20, 0.0, 2, 0.05,
                        GateFailureAction.PAUSE, 5, Duration.ofHours(1), Duration.ofMinutes(10), 144,
                        DirectiveScope.RESUMES_OF_2L_IMAGES, Duration.ZERO, RolloutSettings.InsufficientData.PASS),
                Duration.ofMinutes(1), 1000);
    }

    public Duration unknownHostGrace() {
        return guest.unknownHostGrace();
    }

    public int requiredCreates() {
        return rollout.requiredCreates();
    }

    public FleetStreamConfig withAutoApprove(boolean value) {
        return withRollout(b -> {
            b.autoApprove = value;
            return b;
        });
    }

    public FleetStreamConfig withRollout(List<Double> fractions, int creates, GateFailureAction onFailure) {
        return withRollout(b -> {
            b.waveFractions = fractions;
            b.requiredCreates = creates;
            b.onGateFailure = onFailure;
            return b;
        });
    }

    public FleetStreamConfig withModes(PolicyMode instance, PolicyMode family) {
        return new FleetStreamConfig(new GuestStep.Settings(instance, guest.dedupWindowPerHost(),
                guest.timelineKept(), guest.unknownHostGrace()), rollout, sweepInterval, sweepBatch)
                .withRollout(b -> {
                    b.familyMode = family;
                    return b;
                });
    }

    public FleetStreamConfig withEscalationThreshold(int threshold) {
        return withRollout(b -> {
            b.escalationThreshold = threshold;
            return b;
        });
    }

    public FleetStreamConfig withSweep(Duration interval, int batch) {
        return new FleetStreamConfig(guest, rollout, interval, batch);
    }

    public FleetStreamConfig withUnknownHostGrace(Duration grace) {
        return new FleetStreamConfig(new GuestStep.Settings(guest.instanceMode(), guest.dedupWindowPerHost(),
                guest.timelineKept(), grace), rollout, sweepInterval, sweepBatch);
    }

    /** The same config with some rollout settings changed (the others kept). */
    public FleetStreamConfig withRollout(UnaryOperator<RolloutSettings.Builder> change) {
        return new FleetStreamConfig(guest, rollout.with(change), sweepInterval, sweepBatch);
    }
}
