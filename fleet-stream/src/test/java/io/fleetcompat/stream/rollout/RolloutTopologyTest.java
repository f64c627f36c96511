package io.fleetcompat.stream.rollout;

import io.fleetcompat.rules.rollout.GateEvaluator;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.HostCohorts;
import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.AckRejectReason;
import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.GateResult;
import io.fleetcompat.schema.avro.GateVerdict;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.PolicyAck;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.schema.avro.RolloutPhase;
import io.fleetcompat.schema.avro.RolloutState;
import io.fleetcompat.schema.avro.RolloutWave;
import io.fleetcompat.schema.avro.WaveStatus;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.rules.detect.FamilySignals;
import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.rules.fixtures.SimHost;
import io.fleetcompat.stream.support.FleetDriver;
import io.fleetcompat.rules.rollout.RolloutSettings.GateFailureAction;
import io.fleetcompat.stream.topology.FleetStreamConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutTopologyTest {

    static final String FAMILY_KEY = FamilySignals.familyKey(Events.FAMILY, XenProfile.PROPOSED);
    static final String ROLLOUT = FAMILY_KEY + "#1";

    private static FleetStreamConfig config(boolean autoApprove, GateFailureAction onFailure) {
        return FleetStreamConfig.defaults().withEscalationThreshold(2).withAutoApprove(autoApprove)
                .withRollout(List.of(0.5, 1.0), 2, onFailure).withRollout(b -> {
                    // These tests drive waves with creates under the family's version: a denial of every create.
                    // Rollouts of resumes of 2-level images count differently (RolloutWaveProgressTest, fleet-rules).
                    b.scope = DirectiveScope.ALL_CREATES;
                    return b;
                });
    }

    /** Two hazards of the family towards PROPOSED: enough to escalate at threshold 2. */
    static void escalate(FleetDriver fleet) {
        fleet.bornOnLegacyAndHibernated("hazard-1", 1);
        fleet.bornOnLegacyAndHibernated("hazard-2", 2);
    }

    static List<PolicyDirective> familyDirectives(FleetDriver fleet) {
        return fleet.directives().stream().filter(d -> d.getTarget().getKind() == PolicyTargetKind.FAMILY).toList();
    }

    static RolloutState lastRollout(FleetDriver fleet) {
        List<RolloutState> states = fleet.rollouts.readValuesToList();
        assertThat(states).isNotEmpty();
        return states.get(states.size() - 1);
    }

    static void createUnder(FleetDriver fleet, PolicyDirective d, String guest, int domid) {
        fleet.send(guest, Events.created(fleet.modern.next(), guest, domid, CreateKind.FRESH_BOOT,
                d.getControls().getEvtchnFifo(), PolicyTargetKeys.keyOf(d.getTarget()), d.getVersion()));
    }

    /** A host id inside the cohort of {@code fraction} (the cohort is a hash of the id). */
    static String hostInCohort(double fraction) {
        for (int i = 0; ; i++) {
            if (HostCohorts.inCohort("host-cohort-" + i, fraction)) {
                return "host-cohort-" + i;
            }
        }
    }

    private static void approve(FleetDriver fleet, String commandId) {
        fleet.command(ROLLOUT, Events.command(commandId, OperatorAction.APPROVE, ROLLOUT, null, null, fleet.clock.tick()));
    }

    @Test
    void shouldOpenAFamilyRolloutAwaitingApprovalWhenHazardsReachTheThreshold() {
        try (FleetDriver fleet = new FleetDriver(config(false, GateFailureAction.PAUSE)).withHostsAnnounced()) {
            escalate(fleet);

            RolloutState state = lastRollout(fleet);
            assertThat(state.getRolloutId()).isEqualTo(ROLLOUT);
            assertThat(state.getPhase()).isEqualTo(RolloutPhase.AWAITING_APPROVAL);
            assertThat(state.getWaves()).extracting(w -> w.getHostFraction()).containsExactly(0.5, 1.0);
            assertThat(familyDirectives(fleet)).isEmpty();
        }
    }

    @Test
    void shouldRecordTheDirectiveVersionOfEachWaveWhenItBecomesActive() {
        try (FleetDriver fleet = new FleetDriver(config(true, GateFailureAction.PAUSE)).withHostsAnnounced()) {
            escalate(fleet);
            PolicyDirective wave0 = familyDirectives(fleet).get(0);

            RolloutState state = lastRollout(fleet);
            assertThat(state.getWaves().get(0).getStatus()).isEqualTo(WaveStatus.ACTIVE);
            assertThat(state.getWaves().get(0).getPolicyVersion()).isEqualTo(wave0.getVersion());
            assertThat(state.getWaves().get(1).getPolicyVersion()).isNull();

            createUnder(fleet, wave0, "new-1", 11);
            createUnder(fleet, wave0, "new-2", 12);
            PolicyDirective wave1 = familyDirectives(fleet).get(0);
            assertThat(lastRollout(fleet).getWaves()).extracting(w -> w.getPolicyVersion())
                    .containsExactly(wave0.getVersion(), wave1.getVersion());
        }
    }

    @Test
    void shouldAdvanceWavesAfterTheRequiredCreatesAndCompleteAtFullCohort() {
        try (FleetDriver fleet = new FleetDriver(config(false, GateFailureAction.PAUSE)).withHostsAnnounced()) {
            // Given an approved rollout: wave 0 at half of the hosts
            escalate(fleet);
            fleet.directives();
            approve(fleet, "approve-1");
            PolicyDirective wave0 = familyDirectives(fleet).get(0);
            assertThat(wave0.getCohortFraction()).isEqualTo(0.5);
            assertThat(wave0.getWave()).isEqualTo(0);
            assertThat(wave0.getReason().getCode()).isEqualTo(PolicyReasonCode.FAMILY_ROLLOUT);
            assertThat(wave0.getControls().getEvtchnFifo()).isEqualTo(ControlSetting.DENY);

            // When two domains are created under wave 0's version
            createUnder(fleet, wave0, "g-1", 11);
            createUnder(fleet, wave0, "g-2", 12);

            // Then wave 1 starts with a new version at the full cohort
            PolicyDirective wave1 = familyDirectives(fleet).get(0);
            assertThat(wave1.getVersion()).isEqualTo(wave0.getVersion() + 1);
            assertThat(wave1.getCohortFraction()).isEqualTo(1.0);
            RolloutState running = lastRollout(fleet);
            assertThat(running.getWaves().get(0).getStatus()).isEqualTo(WaveStatus.PASSED);
            assertThat(running.getWaves().get(0).getGates()).extracting(g -> g.getVerdict())
                    .doesNotContain(GateVerdict.FAIL);
            assertThat(running.getCurrentWave()).isEqualTo(1);

            // And after two creates under wave 1 the rollout completes, leaving the directive at 1.0
            createUnder(fleet, wave1, "g-3", 13);
            createUnder(fleet, wave1, "g-4", 14);
            RolloutState done = lastRollout(fleet);
            assertThat(done.getPhase()).isEqualTo(RolloutPhase.COMPLETED);
            assertThat(done.getPolicyVersion()).isEqualTo(wave1.getVersion());
            assertThat(familyDirectives(fleet)).isEmpty();
        }
    }

    @Test
    void shouldHaltTheRolloutWhenAGateFails() {
        try (FleetDriver fleet = new FleetDriver(config(true, GateFailureAction.PAUSE)).withHostsAnnounced()) {
            // An agent rejects the directive (acked without a domain, keyed by the policy key)
            haltByARejectedAck(fleet);

            GateResult rejected = haltedBy(fleet, GateEvaluator.REJECTED_ACKS);
            assertThat(rejected.getObserved()).isEqualTo(1.0);
            assertThat(rejected.getThreshold()).isEqualTo(0.05);
            assertThat(familyDirectives(fleet)).isEmpty();
        }
    }

    /** The rollout's last state is HALTED_BY_GATE, wave 0 failed by {@code gate}: that gate's result. */
    private static GateResult haltedBy(FleetDriver fleet, String gate) {
        RolloutState halted = lastRollout(fleet);
        assertThat(halted.getPhase()).isEqualTo(RolloutPhase.HALTED_BY_GATE);
        assertThat(halted.getWaves().get(0).getStatus()).isEqualTo(WaveStatus.FAILED);
        GateResult result = halted.getWaves().get(0).getGates().stream()
                .filter(g -> g.getGate().equals(gate)).findFirst().orElseThrow();
        assertThat(result.getVerdict()).isEqualTo(GateVerdict.FAIL);
        return result;
    }

    /** Wave 0 halted by the rejected-acks gate: one agent rejected its directive. */
    private static PolicyDirective haltByARejectedAck(FleetDriver fleet) {
        escalate(fleet);
        PolicyDirective wave0 = familyDirectives(fleet).get(0);
        fleet.send(FAMILY_KEY, Events.ack(fleet.modern.next(), wave0, AckOutcome.REJECTED, null, 0));
        createUnder(fleet, wave0, "g-1", 11);
        createUnder(fleet, wave0, "g-2", 12);
        return wave0;
    }

    @Test
    void shouldCountAFifoImageKeptFromTheDenialAsAnAckNotARejection() {
        try (FleetDriver fleet = new FleetDriver(config(true, GateFailureAction.PAUSE)).withHostsAnnounced()) {
            escalate(fleet);
            PolicyDirective wave0 = familyDirectives(fleet).get(0);
            // The denial reached a FIFO image's resume before the image's permit: the agent kept FIFO
            PolicyAck conflict = Events.ack(fleet.modern.next(), wave0, AckOutcome.REJECTED, null, 0);
            conflict.setRejectReason(AckRejectReason.CONFLICTS_WITH_IMAGE);
            fleet.send(FAMILY_KEY, conflict);
            createUnder(fleet, wave0, "g-1", 11);
            createUnder(fleet, wave0, "g-2", 12);

            RolloutState state = lastRollout(fleet);
            assertThat(state.getPhase()).isEqualTo(RolloutPhase.RUNNING);
            RolloutWave passed = state.getWaves().get(0);
            assertThat(passed.getStatus()).isEqualTo(WaveStatus.PASSED);
            assertThat(passed.getGates()).filteredOn(g -> g.getGate().equals(GateEvaluator.REJECTED_ACKS))
                    .singleElement().satisfies(g -> {
                        assertThat(g.getVerdict()).isEqualTo(GateVerdict.PASS);
                        assertThat(g.getDetail()).isEqualTo("0/1 acks rejected");
                    });
            // and the rollout went on to its next wave
            assertThat(familyDirectives(fleet)).singleElement().satisfies(d -> assertThat(d.getWave()).isEqualTo(1));
        }
    }

    @Test
    void shouldStillSeeTheRejectedAcksWhenAnOperatorResumesAWaveHaltedByAGate() {
        try (FleetDriver fleet = new FleetDriver(config(true, GateFailureAction.PAUSE)).withHostsAnnounced()) {
            PolicyDirective wave0 = haltByARejectedAck(fleet);
            assertThat(lastRollout(fleet).getPhase()).isEqualTo(RolloutPhase.HALTED_BY_GATE);

            // When the operator resumes and the wave sees its creates again (no agent acks the same version twice)
            fleet.command(ROLLOUT, Events.command("resume-1", OperatorAction.RESUME, ROLLOUT, null, null,
                    fleet.clock.tick()));
            assertThat(lastRollout(fleet).getPhase()).isEqualTo(RolloutPhase.RUNNING);
            createUnder(fleet, wave0, "g-3", 13);
            createUnder(fleet, wave0, "g-4", 14);

            // Then the gate still sees the rejection: halted again, no next wave
            haltedBy(fleet, GateEvaluator.REJECTED_ACKS);
            assertThat(familyDirectives(fleet)).isEmpty();
        }
    }

    @Test
    void shouldRollBackAWaveHaltedByAGateOnAnOperatorCommandOnce() {
        try (FleetDriver fleet = new FleetDriver(config(true, GateFailureAction.PAUSE)).withHostsAnnounced()) {
            PolicyDirective wave0 = haltByARejectedAck(fleet);

            fleet.command(ROLLOUT, Events.command("rollback-1", OperatorAction.ROLLBACK, ROLLOUT, null, null,
                    fleet.clock.tick()));
            fleet.command(ROLLOUT, Events.command("rollback-2", OperatorAction.ROLLBACK, ROLLOUT, null, null,
                    fleet.clock.tick()));

            assertThat(lastRollout(fleet).getPhase()).isEqualTo(RolloutPhase.ROLLED_BACK);
            List<PolicyDirective> directives = familyDirectives(fleet);
            assertThat(directives).hasSize(1);
            assertThat(directives.get(0).getVersion()).isEqualTo(wave0.getVersion() + 1);
            assertThat(directives.get(0).getControls().getEvtchnFifo()).isEqualTo(ControlSetting.UNSET);
            assertThat(directives.get(0).getReason().getCode()).isEqualTo(PolicyReasonCode.ROLLBACK);
            List<AuditRecord> audits = fleet.audit.readValuesToList();
            assertThat(audits).filteredOn(a -> a.getAction() == AuditAction.COMMAND_ACCEPTED)
                    .extracting(AuditRecord::getCommandId).containsExactly("rollback-1");
            assertThat(audits).filteredOn(a -> a.getAction() == AuditAction.COMMAND_REJECTED)
                    .extracting(AuditRecord::getCommandId).containsExactly("rollback-2");
        }
    }

    @Test
    void shouldFailTheResumeGateWhenResumesUnderTheWaveFailMoreOftenThanOutsideIt() {
        try (FleetDriver fleet = new FleetDriver(config(true, GateFailureAction.PAUSE)).withHostsAnnounced()) {
            // Given wave 0 running, and a guest with a 2-level image whose resume lands under the family directive
            escalate(fleet);
            PolicyDirective wave0 = familyDirectives(fleet).get(0);
            fleet.bornOnLegacyAndHibernated("resumer", 5);
            fleet.directives();

            // When that resume, on a host inside the wave's cohort, fails and a second create completes the wave
            SimHost cohortHost = new SimHost(hostInCohort(0.5), XenProfile.PROPOSED, true, fleet.clock);
            fleet.announce(cohortHost);
            fleet.send("resumer", Events.created(cohortHost.next(), "resumer", 15, CreateKind.RESUME_FROM_HIBERNATION,
                    ControlSetting.DENY, PolicyTargetKeys.keyOf(wave0.getTarget()), wave0.getVersion()));
            fleet.send("resumer", Events.section8Failure(cohortHost.next(), "resumer", 15));
            createUnder(fleet, wave0, "g-1", 11);

            // Then the resume-failure gate compares 1/1 in the wave's cohort with 0/0 outside and fails
            GateResult resumes = haltedBy(fleet, GateEvaluator.RESUME_FAILURE_RATE);
            assertThat(resumes.getObserved()).isEqualTo(1.0);
            assertThat(resumes.getThreshold()).isEqualTo(0.0);
        }
    }

    @Test
    void shouldRollBackWhenAGateFailsAndRollbackIsConfigured() {
        try (FleetDriver fleet = new FleetDriver(config(true, GateFailureAction.ROLLBACK)).withHostsAnnounced()) {
            escalate(fleet);
            PolicyDirective wave0 = familyDirectives(fleet).get(0);
            fleet.send(FAMILY_KEY, Events.ack(fleet.modern.next(), wave0, AckOutcome.REJECTED, null, 0));
            createUnder(fleet, wave0, "g-1", 11);
            createUnder(fleet, wave0, "g-2", 12);

            assertThat(lastRollout(fleet).getPhase()).isEqualTo(RolloutPhase.ROLLED_BACK);
            PolicyDirective rollback = familyDirectives(fleet).get(0);
            assertThat(rollback.getVersion()).isEqualTo(wave0.getVersion() + 1);
            assertThat(rollback.getControls().getEvtchnFifo()).isEqualTo(ControlSetting.UNSET);
            assertThat(rollback.getReason().getCode()).isEqualTo(PolicyReasonCode.ROLLBACK);
            assertThat(rollback.getCohortFraction()).isEqualTo(1.0);
        }
    }

    @Test
    void shouldPauseResumeAndAbortOnOperatorCommands() {
        try (FleetDriver fleet = new FleetDriver(config(false, GateFailureAction.PAUSE)).withHostsAnnounced()) {
            escalate(fleet);
            approve(fleet, "approve-1");
            PolicyDirective wave0 = familyDirectives(fleet).get(0);

            // Paused: creates under the directive do not count towards the wave
            fleet.command(ROLLOUT, Events.command("pause-1", OperatorAction.PAUSE, ROLLOUT, null, null, fleet.clock.tick()));
            createUnder(fleet, wave0, "g-1", 11);
            createUnder(fleet, wave0, "g-2", 12);
            RolloutState paused = lastRollout(fleet);
            assertThat(paused.getPhase()).isEqualTo(RolloutPhase.PAUSED);
            assertThat(paused.getWaves().get(0).getCreatesObserved()).isZero();

            fleet.command(ROLLOUT, Events.command("resume-1", OperatorAction.RESUME, ROLLOUT, null, null, fleet.clock.tick()));
            assertThat(lastRollout(fleet).getPhase()).isEqualTo(RolloutPhase.RUNNING);

            fleet.command(ROLLOUT, Events.command("abort-1", OperatorAction.ABORT, ROLLOUT, null, null, fleet.clock.tick()));
            assertThat(lastRollout(fleet).getPhase()).isEqualTo(RolloutPhase.ABORTED);
            PolicyDirective withdrawn = familyDirectives(fleet).get(0);
            assertThat(withdrawn.getControls().getEvtchnFifo()).isEqualTo(ControlSetting.UNSET);

            List<AuditRecord> audits = fleet.audit.readValuesToList();
            assertThat(audits).filteredOn(a -> a.getAction() == AuditAction.COMMAND_ACCEPTED)
                    .extracting(AuditRecord::getCommandId)
                    .containsExactly("approve-1", "pause-1", "resume-1", "abort-1");
        }
    }

    @Test
    void shouldRejectACommandTheRolloutPhaseDoesNotAllowAndIgnoreARepeatedOne() {
        try (FleetDriver fleet = new FleetDriver(config(false, GateFailureAction.PAUSE)).withHostsAnnounced()) {
            escalate(fleet);
            fleet.command(ROLLOUT, Events.command("pause-1", OperatorAction.PAUSE, ROLLOUT, null, null, fleet.clock.tick()));
            approve(fleet, "approve-1");
            approve(fleet, "approve-1");
            fleet.command("nope", Events.command("x", OperatorAction.APPROVE, "nope", null, null, fleet.clock.tick()));

            List<AuditRecord> audits = fleet.audit.readValuesToList();
            assertThat(audits).filteredOn(a -> a.getAction() == AuditAction.COMMAND_REJECTED)
                    .extracting(AuditRecord::getCommandId).containsExactly("pause-1", "x");
            assertThat(audits).filteredOn(a -> a.getAction() == AuditAction.COMMAND_ACCEPTED)
                    .extracting(AuditRecord::getCommandId).containsExactly("approve-1");
            assertThat(familyDirectives(fleet)).hasSize(1);
        }
    }

    @Test
    void shouldReportADryRunWithoutSendingFamilyDirectivesToAgents() {
        FleetStreamConfig dryRun = config(true, GateFailureAction.PAUSE).withModes(PolicyMode.ENFORCE, PolicyMode.OBSERVE);
        try (FleetDriver fleet = new FleetDriver(dryRun).withHostsAnnounced()) {
            escalate(fleet);

            assertThat(familyDirectives(fleet)).isEmpty();
            assertThat(fleet.audit.readValuesToList()).extracting(AuditRecord::getDecision)
                    .anySatisfy(d -> assertThat(d).startsWith("dry run (observe): would set evtchn_fifo DENY for "
                            + FAMILY_KEY));
            assertThat(lastRollout(fleet).getPhase()).isEqualTo(RolloutPhase.RUNNING);
        }
    }
}
