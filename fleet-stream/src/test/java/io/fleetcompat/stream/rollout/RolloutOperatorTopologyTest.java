package io.fleetcompat.stream.rollout;

import static io.fleetcompat.stream.rollout.RolloutTopologyTest.FAMILY_KEY;
import static io.fleetcompat.stream.rollout.RolloutTopologyTest.ROLLOUT;
import static io.fleetcompat.stream.rollout.RolloutTopologyTest.createUnder;
import static io.fleetcompat.stream.rollout.RolloutTopologyTest.escalate;
import static io.fleetcompat.stream.rollout.RolloutTopologyTest.familyDirectives;
import static io.fleetcompat.stream.rollout.RolloutTopologyTest.hostInCohort;
import static io.fleetcompat.stream.rollout.RolloutTopologyTest.lastRollout;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.rules.rollout.RolloutSettings;
import io.fleetcompat.rules.rollout.RolloutSettings.GateFailureAction;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.DomainCreated;
import io.fleetcompat.schema.avro.EdgeFailsafeOutcome;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.GateVerdict;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.OperatorCommand;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.RolloutPhase;
import io.fleetcompat.schema.avro.RolloutState;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.stream.support.FleetDriver;
import io.fleetcompat.rules.fixtures.SimHost;
import io.fleetcompat.stream.topology.FleetStreamConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rollouts an operator owns, through the topology: START and RETRY (routed and validated), the waves' progress
 * deadline on the family processor's wall-clock punctuation, insufficient-data BLOCK, and the lift by evidence.
 */
class RolloutOperatorTopologyTest {

    private static FleetStreamConfig config(GateFailureAction onFailure) {
        return FleetStreamConfig.defaults().withEscalationThreshold(2).withAutoApprove(true)
                .withRollout(List.of(0.5, 1.0), 2, onFailure).withRollout(b -> {
                    // These tests drive waves with creates under the family's version: a denial of every create.
                    // Rollouts of resumes of 2-level images count differently (RolloutWaveProgressTest, fleet-rules).
                    b.scope = DirectiveScope.ALL_CREATES;
                    return b;
                });
    }

    private static OperatorCommand command(FleetDriver fleet, String id, OperatorAction action, String rolloutId) {
        return Events.command(id, action, rolloutId, null, null, fleet.clock.tick());
    }

    private static OperatorCommand start(FleetDriver fleet, String id, String familyKey) {
        OperatorCommand start = command(fleet, id, OperatorAction.START, null);
        start.setFamilyKey(familyKey);
        return start;
    }

    @Test
    void shouldRunRolloutTwoWhenAnOperatorRetriesAfterARollback() {
        FleetStreamConfig resumesOf2LevelImages = config(GateFailureAction.ROLLBACK).withRollout(b -> {
            b.scope = DirectiveScope.RESUMES_OF_2L_IMAGES;
            return b;
        });
        try (FleetDriver fleet = new FleetDriver(resumesOf2LevelImages).withHostsAnnounced()) {
            // Given rollout #1 of resumes of 2-level images, rolled back by a failed gate once two resumes of 2-level
            // images on hosts of its cohort completed its wave (whatever protected them)
            escalate(fleet);
            PolicyDirective wave0 = familyDirectives(fleet).get(0);
            assertThat(wave0.getScope()).isEqualTo(DirectiveScope.RESUMES_OF_2L_IMAGES);
            fleet.send(FAMILY_KEY, Events.ack(fleet.modern.next(), wave0, AckOutcome.REJECTED, null, 0));
            SimHost cohortHost = new SimHost(hostInCohort(0.5), XenProfile.PROPOSED, true, fleet.clock);
            fleet.announce(cohortHost);
            for (int i = 1; i <= 2; i++) {
                DomainCreated resume = Events.created(cohortHost.next(), "g-" + i, 10 + i,
                        CreateKind.RESUME_FROM_HIBERNATION, ControlSetting.DENY, null, null);
                resume.setImageShutdownAbi(EvtchnAbi.TWO_LEVEL);
                resume.setEdgeFailsafe(EdgeFailsafeOutcome.DENIED_FIFO);
                fleet.send("g-" + i, resume);
            }
            RolloutState rolledBack = lastRollout(fleet);
            assertThat(rolledBack.getPhase()).isEqualTo(RolloutPhase.ROLLED_BACK);
            assertThat(rolledBack.getAllowedActions()).containsExactly(OperatorAction.RETRY);
            assertThat(rolledBack.getHaltReason()).contains("failed a gate");
            long rollbackVersion = familyDirectives(fleet).get(0).getVersion();

            // When an operator retries it
            fleet.command(ROLLOUT, command(fleet, "retry-1", OperatorAction.RETRY, ROLLOUT));

            // Then rollout #2 runs wave 0 with the same settings, under the next version
            RolloutState second = lastRollout(fleet);
            assertThat(second.getRolloutId()).isEqualTo(FAMILY_KEY + "#2");
            assertThat(second.getPhase()).isEqualTo(RolloutPhase.RUNNING);
            assertThat(second.getScope()).isEqualTo(DirectiveScope.RESUMES_OF_2L_IMAGES);
            assertThat(second.getHaltReason()).isNull();
            PolicyDirective wave0Again = familyDirectives(fleet).get(0);
            assertThat(wave0Again.getVersion()).isEqualTo(rollbackVersion + 1);
            assertThat(wave0Again.getControls().getEvtchnFifo()).isEqualTo(ControlSetting.DENY);
            assertThat(wave0Again.getRolloutId()).isEqualTo(FAMILY_KEY + "#2");
        }
    }

    @Test
    void shouldHaltAWaveThatCountsNoCreateWithinItsDeadline() {
        FleetStreamConfig withDeadline = config(GateFailureAction.PAUSE).withRollout(b -> {
            b.waveDeadline = Duration.ofMinutes(10);
            return b;
        });
        try (FleetDriver fleet = new FleetDriver(withDeadline).withHostsAnnounced()) {
            escalate(fleet);
            assertThat(lastRollout(fleet).getPhase()).isEqualTo(RolloutPhase.RUNNING);

            fleet.advanceWallClock(Duration.ofMinutes(5));
            assertThat(fleet.rollouts.readValuesToList()).isEmpty();
            fleet.advanceWallClock(Duration.ofMinutes(6));

            RolloutState halted = lastRollout(fleet);
            assertThat(halted.getPhase()).isEqualTo(RolloutPhase.HALTED_BY_GATE);
            assertThat(halted.getHaltReason()).contains("wave deadline");
            assertThat(halted.getAllowedActions()).containsExactly(OperatorAction.RESUME, OperatorAction.ABORT,
                    OperatorAction.ROLLBACK);
        }
    }

    @Test
    void shouldFailAGateWithoutDataWhenInsufficientDataBlocks() {
        FleetStreamConfig blocking = config(GateFailureAction.PAUSE).withRollout(b -> {
            b.insufficientData = RolloutSettings.InsufficientData.BLOCK;
            return b;
        });
        try (FleetDriver fleet = new FleetDriver(blocking).withHostsAnnounced()) {
            escalate(fleet);
            PolicyDirective wave0 = familyDirectives(fleet).get(0);
            createUnder(fleet, wave0, "g-1", 11);
            createUnder(fleet, wave0, "g-2", 12);

            RolloutState halted = lastRollout(fleet);
            assertThat(halted.getPhase()).isEqualTo(RolloutPhase.HALTED_BY_GATE);
            assertThat(halted.getWaves().get(0).getGates()).anySatisfy(g -> {
                assertThat(g.getVerdict()).isEqualTo(GateVerdict.FAIL);
                assertThat(g.getDetail()).contains("insufficient-data=BLOCK");
            });
        }
    }

    @Test
    void shouldStartARolloutByFamilyKeyWithTheControlsAndScopeItNames() {
        try (FleetDriver fleet = new FleetDriver(config(GateFailureAction.PAUSE)).withHostsAnnounced()) {
            OperatorCommand start = start(fleet, "start-1", FAMILY_KEY);
            start.setRolloutControls(new EvtchnControls(ControlSetting.DENY, ControlSetting.DENY));
            start.setRolloutScope(DirectiveScope.ALL_CREATES);

            fleet.command(FAMILY_KEY, start);

            PolicyDirective wave0 = familyDirectives(fleet).get(0);
            assertThat(wave0.getControls().getEvtchnUpcall()).isEqualTo(ControlSetting.DENY);
            assertThat(wave0.getScope()).isEqualTo(DirectiveScope.ALL_CREATES);
            RolloutState running = lastRollout(fleet);
            assertThat(running.getRolloutId()).isEqualTo(ROLLOUT);
            assertThat(running.getPhase()).isEqualTo(RolloutPhase.RUNNING);

            // A second START while #1 runs is refused
            fleet.audit.readValuesToList();
            fleet.command(FAMILY_KEY, start(fleet, "start-2", FAMILY_KEY));
            List<AuditRecord> audits = fleet.audit.readValuesToList();
            assertThat(audits).extracting(AuditRecord::getAction).containsExactly(AuditAction.COMMAND_REJECTED);
            assertThat(audits.get(0).getReason()).contains("is RUNNING");
        }
    }

    @Test
    void shouldDeadLetterAStartWithoutFamilyKeyAndRejectAMalformedOne() {
        try (FleetDriver fleet = new FleetDriver(config(GateFailureAction.PAUSE)).withHostsAnnounced()) {
            fleet.command(FAMILY_KEY, start(fleet, "start-1", null));
            fleet.command(FAMILY_KEY, start(fleet, "start-2", "family:linux-5.10@NOT_A_PROFILE"));

            List<DeadLetter> letters = fleet.deadLetters.readValuesToList();
            assertThat(letters).singleElement().satisfies(l ->
                    assertThat(l.getErrorMessage()).contains("START needs family_key"));
            List<AuditRecord> audits = fleet.audit.readValuesToList();
            assertThat(audits).singleElement().satisfies(a -> {
                assertThat(a.getAction()).isEqualTo(AuditAction.COMMAND_REJECTED);
                assertThat(a.getCommandId()).isEqualTo("start-2");
            });
            assertThat(fleet.directives()).isEmpty();
        }
    }

    @Test
    void shouldRejectAStartWhoseScopeNoFamilyRolloutMayTake() {
        try (FleetDriver fleet = new FleetDriver(config(GateFailureAction.PAUSE)).withHostsAnnounced()) {
            // RESUME_OF_IMAGE binds an instance directive to one image: every agent would refuse it for a family
            OperatorCommand start = start(fleet, "start-1", FAMILY_KEY);
            start.setRolloutScope(DirectiveScope.RESUME_OF_IMAGE);

            fleet.command(FAMILY_KEY, start);

            assertThat(fleet.audit.readValuesToList()).singleElement().satisfies(a -> {
                assertThat(a.getAction()).isEqualTo(AuditAction.COMMAND_REJECTED);
                assertThat(a.getReason()).contains("RESUME_OF_IMAGE");
            });
            assertThat(fleet.directives()).isEmpty();
        }
    }

    @Test
    void shouldLiftACompletedRolloutOnceTheFamilyHoldsNoPendingTwoLevelImage() {
        try (FleetDriver fleet = new FleetDriver(config(GateFailureAction.PAUSE)).withHostsAnnounced()) {
            // Given a completed rollout while the two hazard guests still hold their 2-level images
            escalate(fleet);
            PolicyDirective wave0 = familyDirectives(fleet).get(0);
            createUnder(fleet, wave0, "g-1", 11);
            createUnder(fleet, wave0, "g-2", 12);
            PolicyDirective wave1 = familyDirectives(fleet).get(0);
            createUnder(fleet, wave1, "g-3", 13);
            createUnder(fleet, wave1, "g-4", 14);
            assertThat(lastRollout(fleet).getPhase()).isEqualTo(RolloutPhase.COMPLETED);
            assertThat(fleet.family(FAMILY_KEY).pendingImages()).isEqualTo(2);

            // When both images are resumed
            fleet.resumeOnModern("hazard-1", 21, wave1, true);
            assertThat(fleet.family(FAMILY_KEY).rollout().phase()).isEqualTo(RolloutPhase.COMPLETED);
            assertThat(fleet.family(FAMILY_KEY).pendingImages()).isEqualTo(1);
            fleet.resumeOnModern("hazard-2", 22, wave1, true);

            // Then the family directive is lifted by evidence
            RolloutState lifted = lastRollout(fleet);
            assertThat(lifted.getPhase()).isEqualTo(RolloutPhase.LIFTED);
            PolicyDirective lift = familyDirectives(fleet).get(0);
            assertThat(lift.getControls().getEvtchnFifo()).isEqualTo(ControlSetting.UNSET);
            assertThat(lift.getReason().getCode()).isEqualTo(PolicyReasonCode.LIFTED);
        }
    }
}
