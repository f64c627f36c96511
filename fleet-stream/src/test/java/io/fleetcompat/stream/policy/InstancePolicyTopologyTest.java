package io.fleetcompat.stream.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.LiftKind;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.OperatorCommand;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.stream.support.FleetDriver;
import io.fleetcompat.stream.topology.FleetStreamConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstancePolicyTopologyTest {

    private static final String GUEST = "guest-1";

    @Test
    void shouldIssueOneVersionForTheSameFactsSeenTwice() {
        try (FleetDriver fleet = new FleetDriver(FleetStreamConfig.defaults()).withHostsAnnounced()) {
            // Given a denial issued for a 2-level image
            fleet.bornOnLegacyAndHibernated(GUEST, 1);
            assertThat(fleet.directives()).hasSize(1);

            // When that image's resume (created without the directive) fails with §8 anyway: the image stays pending
            fleet.resumeOnModern(GUEST, 3, null, false);

            // Then no new version: the denial already in force for that image answers the same facts
            assertThat(fleet.directives()).isEmpty();
            assertThat(fleet.guest(GUEST).policy().version()).isEqualTo(1L);
        }
    }

    @Test
    void shouldDropADuplicateEventAndCountIt() {
        try (FleetDriver fleet = new FleetDriver(FleetStreamConfig.defaults()).withHostsAnnounced()) {
            EventHeader header = fleet.legacy.next();
            fleet.send(GUEST, Events.freshBoot(header, GUEST, 1));
            fleet.send(GUEST, Events.freshBoot(header, GUEST, 1));

            assertThat(fleet.guest(GUEST).duplicatesDropped()).isEqualTo(1);
            assertThat(fleet.guest(GUEST).eventsApplied()).isEqualTo(1);
            assertThat(fleet.deadLetters.isEmpty()).isTrue();
        }
    }

    @Test
    void shouldAuditButNotPublishDirectivesInObserveMode() {
        FleetStreamConfig observe = FleetStreamConfig.defaults().withModes(PolicyMode.OBSERVE, PolicyMode.OBSERVE);
        try (FleetDriver fleet = new FleetDriver(observe).withHostsAnnounced()) {
            fleet.bornOnLegacyAndHibernated(GUEST, 1);

            assertThat(fleet.directives()).isEmpty();
            List<AuditRecord> audits = fleet.audit.readValuesToList().stream()
                    .filter(a -> a.getAction() != AuditAction.HAZARD_DETECTED).toList();
            assertThat(audits).hasSize(1);
            assertThat(audits.get(0).getDecision()).startsWith("dry run (observe): would deny evtchn_fifo");
            assertThat(fleet.guest(GUEST).policy().mode()).isEqualTo(PolicyMode.OBSERVE);
        }
    }

    @Test
    void shouldPinAndUnpinAGuestOnOperatorCommandsAndIgnoreARepeatedCommand() {
        try (FleetDriver fleet = new FleetDriver(FleetStreamConfig.defaults()).withHostsAnnounced()) {
            fleet.command(GUEST, Events.command("c-1", OperatorAction.PIN, null, GUEST, ControlSetting.PERMIT,
                    fleet.clock.tick()));
            fleet.command(GUEST, Events.command("c-1", OperatorAction.PIN, null, GUEST, ControlSetting.PERMIT,
                    fleet.clock.tick()));
            // A hazard while pinned is audited and changes nothing.
            fleet.bornOnLegacyAndHibernated(GUEST, 1);
            fleet.command(GUEST, Events.command("c-2", OperatorAction.UNPIN, null, GUEST, null, fleet.clock.tick()));

            // Then the unpin, and at once the denial the hazard calls for (it arose while pinned)
            List<PolicyDirective> directives = fleet.directives();
            assertThat(directives).extracting(d -> d.getReason().getCode())
                    .containsExactly(PolicyReasonCode.OPERATOR_PIN, PolicyReasonCode.OPERATOR_UNPIN,
                            PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST);
            assertThat(directives).extracting(PolicyDirective::getVersion).containsExactly(1L, 2L, 3L);
            assertThat(directives).extracting(d -> d.getControls().getEvtchnFifo())
                    .containsExactly(ControlSetting.PERMIT, ControlSetting.UNSET, ControlSetting.DENY);
            assertThat(fleet.audit.readValuesToList()).extracting(AuditRecord::getAction)
                    .containsExactly(AuditAction.POLICY_ISSUED, AuditAction.HAZARD_DETECTED, AuditAction.POLICY_LIFTED,
                            AuditAction.POLICY_ISSUED);
            assertThat(fleet.guest(GUEST).policy().denies()).isTrue();
        }
    }

    @Test
    void shouldRefuseToUnpinAGuestThatIsNotPinnedAndKeepItsDenial() {
        try (FleetDriver fleet = new FleetDriver(FleetStreamConfig.defaults()).withHostsAnnounced()) {
            fleet.bornOnLegacyAndHibernated(GUEST, 1);
            assertThat(fleet.directives()).extracting(d -> d.getControls().getEvtchnFifo())
                    .containsExactly(ControlSetting.DENY);
            fleet.audit.readValuesToList();

            fleet.command(GUEST, Events.command("c-1", OperatorAction.UNPIN, null, GUEST, null, fleet.clock.tick()));

            assertThat(fleet.directives()).isEmpty();
            List<AuditRecord> audits = fleet.audit.readValuesToList();
            assertThat(audits).extracting(AuditRecord::getAction).containsExactly(AuditAction.COMMAND_REJECTED);
            assertThat(audits.get(0).getCommandId()).isEqualTo("c-1");
            assertThat(fleet.guest(GUEST).policy().version()).isEqualTo(1L);
            assertThat(fleet.guest(GUEST).policy().denies()).isTrue();
        }
    }

    @Test
    void shouldIgnoreAnOperatorCommandRedeliveredAfterALaterOne() {
        try (FleetDriver fleet = new FleetDriver(FleetStreamConfig.defaults()).withHostsAnnounced()) {
            fleet.command(GUEST, Events.command("c-1", OperatorAction.PIN, null, GUEST, ControlSetting.PERMIT,
                    fleet.clock.tick()));
            fleet.command(GUEST, Events.command("c-2", OperatorAction.UNPIN, null, GUEST, null, fleet.clock.tick()));
            fleet.command(GUEST, Events.command("c-1", OperatorAction.PIN, null, GUEST, ControlSetting.PERMIT,
                    fleet.clock.tick()));

            assertThat(fleet.directives()).extracting(PolicyDirective::getVersion).containsExactly(1L, 2L);
            assertThat(fleet.guest(GUEST).pinned()).isFalse();
        }
    }

    @Test
    void shouldLiftTheDenialOfAnImageOnceItsResumeConsumedIt() {
        try (FleetDriver fleet = new FleetDriver(FleetStreamConfig.defaults()).withHostsAnnounced()) {
            fleet.bornOnLegacyAndHibernated(GUEST, 1);
            PolicyDirective denial = fleet.directives().get(0);
            assertThat(denial.getScope()).isEqualTo(DirectiveScope.RESUME_OF_IMAGE);
            assertThat(denial.getImageId()).isEqualTo("image-" + GUEST);

            fleet.resumeOnModern(GUEST, 2, denial, true);

            PolicyDirective lift = fleet.directives().get(0);
            assertThat(lift.getVersion()).isEqualTo(2L);
            assertThat(lift.getControls().getEvtchnFifo()).isEqualTo(ControlSetting.UNSET);
            assertThat(lift.getReason().getText()).isEqualTo("image image-" + GUEST + " consumed");
            assertThat(fleet.guest(GUEST).protection().denialsLifted()).isEqualTo(1);
        }
    }

    @Test
    void shouldCarryAPinsUpcallControlAndLiftThePinWhenItExpires() {
        try (FleetDriver fleet = new FleetDriver(FleetStreamConfig.defaults()).withHostsAnnounced()) {
            // Given a PIN denying both controls until ten minutes from now (wall clock)
            long expiresAt = System.currentTimeMillis() + Duration.ofMinutes(10).toMillis();
            OperatorCommand pin = Events.command("c-1", OperatorAction.PIN, null, GUEST, null, fleet.clock.tick());
            pin.setPinControls(new EvtchnControls(ControlSetting.DENY, ControlSetting.DENY));
            pin.setPinExpiresAt(Instant.ofEpochMilli(expiresAt));
            fleet.command(GUEST, pin);

            PolicyDirective pinned = fleet.directives().get(0);
            assertThat(pinned.getControls().getEvtchnUpcall()).isEqualTo(ControlSetting.DENY);
            assertThat(pinned.getLiftCondition().getKind()).isEqualTo(LiftKind.AFTER_TIME);

            // When a second passes, nothing; when its expiry passes, the punctuation lifts it
            fleet.advanceWallClock(Duration.ofSeconds(1));
            assertThat(fleet.directives()).isEmpty();
            fleet.advanceWallClock(Duration.ofMinutes(11));

            PolicyDirective lifted = fleet.directives().get(0);
            assertThat(lifted.getVersion()).isEqualTo(2L);
            assertThat(lifted.getControls().getEvtchnFifo()).isEqualTo(ControlSetting.UNSET);
            assertThat(lifted.getControls().getEvtchnUpcall()).isEqualTo(ControlSetting.UNSET);
            assertThat(lifted.getReason().getCode()).isEqualTo(PolicyReasonCode.LIFTED);
            assertThat(lifted.getIssuedAt().toEpochMilli()).isEqualTo(expiresAt);
            assertThat(fleet.guest(GUEST).pinned()).isFalse();
        }
    }
}
