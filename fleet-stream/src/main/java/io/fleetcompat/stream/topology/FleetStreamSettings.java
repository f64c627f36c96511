package io.fleetcompat.stream.topology;

import io.fleetcompat.rules.guest.GuestStep;
import io.fleetcompat.rules.rollout.RolloutSettings;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.PolicyMode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** The {@code fleet-stream.*} keys of application.properties; each maps to one {@link FleetStreamConfig} field. */
@ConfigMapping(prefix = "fleet-stream")
public interface FleetStreamSettings {

    Policy policy();

    Rollout rollout();

    Family family();

    PredictiveSweep predictiveSweep();

    /** Recent (sequence, event id) pairs kept per host in a guest's state for duplicate detection. */
    @WithDefault("64")
    int dedupWindowPerHost();

    /** Timeline lines kept per guest (GET /guests/{id}/timeline); all of them ride along on every event. */
    @WithDefault("32")
    int timelineKept();

    /**
     * How long a guest's events wait for their host's first HostStatus (a separate topic, read by the global
     * store) before they are dead-lettered as from an unknown host; later events of that guest wait behind them.
     */
    @WithDefault("PT30S")
    Duration unknownHostGrace();

    interface Policy {
        /** Mode of instance-level directives: OBSERVE (audit only), ADVISE or ENFORCE. */
        @WithDefault("ENFORCE")
        PolicyMode instanceMode();
    }

    interface Rollout {
        /** Mode of family rollouts; OBSERVE is a dry run that never reaches agents. */
        @WithDefault("ENFORCE")
        PolicyMode mode();

        /** Start new family rollouts without an operator's APPROVE. */
        @WithDefault("false")
        boolean autoApprove();

        /** Cumulative host fraction of each wave; increasing, ending at 1.0. */
        @WithDefault("0.02,0.10,0.25,0.5,1.0")
        List<Double> waveFractions();

        /** Creates/resumes under a wave's directive before its gates are evaluated. */
        @WithDefault("20")
        int requiredCreates();

        /** Allowed excess of the resume-failure rate under the policy over the rate outside it. */
        @WithDefault("0.0")
        double resumeFailureTolerance();

        /** Denied domains that ran out of 2-level ports (-ENOSPC) under the policy a wave tolerates. */
        @WithDefault("2")
        int maxPortLimitFailures();

        /** REJECTED / all acks a wave tolerates. */
        @WithDefault("0.05")
        double maxRejectedAckRatio();

        /** PAUSE (halt, operator decides) or ROLLBACK when a gate fails. */
        @WithDefault("PAUSE")
        RolloutSettings.GateFailureAction onGateFailure();

        /**
         * Which creates a family rollout's directive speaks for, unless a START names it: RESUMES_OF_2L_IMAGES (deny
         * at the resumes of 2-level images only: protects the same guests as ALL_CREATES at a fraction of the cost)
         * or ALL_CREATES.
         */
        @WithDefault("RESUMES_OF_2L_IMAGES")
        DirectiveScope scope();

        /** A running wave that counts no create for this long (wall clock) halts; PT0S: no deadline. */
        @WithDefault("PT0S")
        Duration waveDeadline();

        /** What a gate without data does to its wave: PASS, or BLOCK (it fails). */
        @WithDefault("PASS")
        RolloutSettings.InsufficientData insufficientData();
    }

    interface Family {
        /** Hazards + §8 failures within the window that open a family rollout. */
        @WithDefault("5")
        int escalationThreshold();

        @WithDefault("PT1H")
        Duration escalationWindow();

        /** Size of one evidence bucket. */
        @WithDefault("PT10M")
        Duration evidenceBucket();

        @WithDefault("144")
        int evidenceBucketsKept();
    }

    interface PredictiveSweep {
        /** Wall-clock interval at which hibernated, never-decided guests are re-checked once FIFO joins. */
        @WithDefault("PT1M")
        Duration interval();

        /** Guests looked at per punctuation and task (bounds the work of one punctuation). */
        @WithDefault("1000")
        int batch();
    }

    default FleetStreamConfig toConfig() {
        return new FleetStreamConfig(
                new GuestStep.Settings(policy().instanceMode(), dedupWindowPerHost(), timelineKept(),
                        unknownHostGrace()),
                new RolloutSettings(rollout().mode(), rollout().autoApprove(), rollout().waveFractions(),
                        rollout().requiredCreates(), rollout().resumeFailureTolerance(),
                        rollout().maxPortLimitFailures(), rollout().maxRejectedAckRatio(), rollout().onGateFailure(),
                        family().escalationThreshold(), family().escalationWindow(), family().evidenceBucket(),
                        family().evidenceBucketsKept(), rollout().scope(), rollout().waveDeadline(),
                        rollout().insufficientData()),
                predictiveSweep().interval(), predictiveSweep().batch());
    }
}
