package io.fleetcompat.stream.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.stream.support.FleetDriver;
import io.fleetcompat.stream.topology.FleetStreamConfig;
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

            // When the guest hibernates again with another 2-level image and the resume fails with §8 anyway
            fleet.send(GUEST, Events.freshBoot(fleet.legacy.next(), GUEST, 2));
            fleet.send(GUEST, Events.booted(fleet.legacy.next(), GUEST, 2, EvtchnAbi.TWO_LEVEL));
            fleet.send(GUEST, Events.hibernated(fleet.legacy.next(), GUEST, 2, EvtchnAbi.TWO_LEVEL));
            fleet.send(GUEST, Events.destroyed(fleet.legacy.next(), GUEST, 2, DestroyReason.HIBERNATED));
            fleet.resumeOnModern(GUEST, 3, null, false);

            // Then no new version: the denial already in force answers the same facts
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
}
