package io.fleetcompat.stream.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.LiftKind;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.rules.detect.FamilySignals;
import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.stream.support.FleetDriver;
import io.fleetcompat.stream.topology.FleetStreamConfig;
import io.fleetcompat.rules.rollout.RolloutSettings.GateFailureAction;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A guest whose hibernation image records FIFO gets an instance permit while a family directive denies evtchn_fifo
 * to its kernel family, whichever came first, and loses it once the image is consumed.
 */
class FamilyDenialPermitTopologyTest {

    private static final String FAMILY_KEY = FamilySignals.familyKey(Events.FAMILY, XenProfile.PROPOSED);
    private static final String ROLLOUT = FAMILY_KEY + "#1";
    /** Permits for FIFO images are needed only where the family denial speaks for every create (ALL_CREATES). */
    private static final FleetStreamConfig CONFIG = FleetStreamConfig.defaults().withEscalationThreshold(2)
            .withAutoApprove(true).withRollout(List.of(0.5, 1.0), 2, GateFailureAction.PAUSE)
            .withRollout(b -> {
                b.scope = DirectiveScope.ALL_CREATES;
                return b;
            });

    /** Two 2-level hazards of the family: the rollout opens, auto-approved, and wave 0 denies FIFO on PROPOSED. */
    private static PolicyDirective denyTheFamily(FleetDriver fleet) {
        fleet.bornOnLegacyAndHibernated("hazard-1", 1);
        fleet.bornOnLegacyAndHibernated("hazard-2", 2);
        List<PolicyDirective> family = fleet.directives().stream()
                .filter(d -> d.getTarget().getKind() == PolicyTargetKind.FAMILY).toList();
        assertThat(family).hasSize(1);
        assertThat(family.get(0).getControls().getEvtchnFifo()).isEqualTo(ControlSetting.DENY);
        return family.get(0);
    }

    private static List<PolicyDirective> of(List<PolicyDirective> directives, String guest) {
        return directives.stream().filter(d -> guest.equals(d.getTarget().getInstanceId())).toList();
    }

    private static void assertImagePermit(PolicyDirective d, String hibernationEventId) {
        assertThat(d.getControls().getEvtchnFifo()).isEqualTo(ControlSetting.PERMIT);
        assertThat(d.getReason().getCode()).isEqualTo(PolicyReasonCode.FIFO_IMAGE_NEEDS_PERMIT);
        assertThat(d.getReason().getText()).contains(FAMILY_KEY);
        assertThat(d.getMode()).isEqualTo(PolicyMode.ENFORCE);
        assertThat(d.getEvidenceEventIds()).containsExactly(hibernationEventId);
        assertThat(d.getLiftCondition().getKind()).isEqualTo(LiftKind.IMAGE_CONSUMED);
    }

    @Test
    void shouldPermitAGuestThatHibernatesWithAFifoImageWhileItsFamilyIsDenied() {
        try (FleetDriver fleet = new FleetDriver(CONFIG).withHostsAnnounced()) {
            // Given a family denial of evtchn_fifo in force for linux-5.10 on PROPOSED hosts
            denyTheFamily(fleet);

            // When a guest of the family boots FIFO on a modern host and hibernates there with a FIFO image
            fleet.bornOnModernAndHibernated("fifo-1", 5);

            // Then it gets its own permit, evidenced by its hibernation, before anything resumes it
            String hibernation = fleet.guest("fifo-1").image().eventId();
            List<PolicyDirective> directives = fleet.directives();
            assertThat(directives).hasSize(1);
            PolicyDirective permit = directives.get(0);
            assertThat(permit.getTarget().getInstanceId()).isEqualTo("fifo-1");
            assertThat(permit.getVersion()).isEqualTo(1L);
            assertImagePermit(permit, hibernation);
            // ... decided when the guest hibernated (the denial was older)
            assertThat(permit.getIssuedAt()).isEqualTo(Instant.ofEpochMilli(fleet.guest("fifo-1").image().writtenAt()));
            assertThat(fleet.audit.readValuesToList()).filteredOn(a -> "fifo-1".equals(a.getSubject()))
                    .extracting(AuditRecord::getAction).containsExactly(AuditAction.HAZARD_DETECTED);
            assertThat(fleet.guest("fifo-1").policy().evtchnFifo()).isEqualTo(ControlSetting.PERMIT);
        }
    }

    @Test
    void shouldPermitGuestsAlreadyHibernatedWithFifoImagesWhenTheirFamilyDenialBegins() {
        try (FleetDriver fleet = new FleetDriver(CONFIG).withHostsAnnounced()) {
            // Given two guests of the family hibernated with FIFO images, and no family directive yet
            fleet.bornOnModernAndHibernated("fifo-1", 5);
            fleet.bornOnModernAndHibernated("fifo-2", 6);
            assertThat(fleet.directives()).isEmpty();

            // When hazards escalate and the rollout's wave 0 denies FIFO to the family
            fleet.bornOnLegacyAndHibernated("hazard-1", 1);
            fleet.bornOnLegacyAndHibernated("hazard-2", 2);

            // Then each hibernated FIFO image gets a permit, decided at the denial's issue time
            List<PolicyDirective> directives = fleet.directives();
            PolicyDirective wave0 = directives.stream().filter(d -> d.getTarget().getKind() == PolicyTargetKind.FAMILY)
                    .findFirst().orElseThrow();
            for (String guest : List.of("fifo-1", "fifo-2")) {
                List<PolicyDirective> permits = of(directives, guest);
                assertThat(permits).as(guest).hasSize(1);
                assertImagePermit(permits.get(0), fleet.guest(guest).image().eventId());
                assertThat(permits.get(0).getIssuedAt()).isEqualTo(wave0.getIssuedAt());
            }

            // When the rollout advances to its next wave (a new denying version of the same family directive)
            for (int i = 0; i < 2; i++) {
                fleet.send("new-" + i, Events.created(fleet.modern.next(), "new-" + i, 20 + i, CreateKind.FRESH_BOOT,
                        ControlSetting.DENY, FAMILY_KEY, wave0.getVersion()));
            }

            // Then the guests already permitted get no new version
            List<PolicyDirective> after = fleet.directives();
            assertThat(after).extracting(d -> d.getTarget().getKind()).containsExactly(PolicyTargetKind.FAMILY);
            assertThat(after.get(0).getVersion()).isEqualTo(wave0.getVersion() + 1);
        }
    }

    @Test
    void shouldLiftThePermitOnceTheImageIsResumed() {
        try (FleetDriver fleet = new FleetDriver(CONFIG).withHostsAnnounced()) {
            // Given a guest permitted for its FIFO image under a family denial
            denyTheFamily(fleet);
            fleet.bornOnModernAndHibernated("fifo-1", 5);
            PolicyDirective permit = fleet.directives().get(0);

            // When it resumes from that image on a modern host, under its permit
            fleet.send("fifo-1", Events.created(fleet.modern.next(), "fifo-1", 7, CreateKind.RESUME_FROM_HIBERNATION,
                    ControlSetting.PERMIT, PolicyTargetKeys.keyOf(permit.getTarget()), permit.getVersion()));
            assertThat(fleet.directives()).as("the create alone does not consume the image").isEmpty();
            fleet.send("fifo-1", Events.resumedFifo(fleet.modern.next(), "fifo-1", 7));

            // Then the permit is lifted by a new version that unsets evtchn_fifo
            List<PolicyDirective> directives = fleet.directives();
            assertThat(directives).hasSize(1);
            PolicyDirective lift = directives.get(0);
            assertThat(lift.getVersion()).isEqualTo(2L);
            assertThat(lift.getControls().getEvtchnFifo()).isEqualTo(ControlSetting.UNSET);
            assertThat(lift.getReason().getCode()).isEqualTo(PolicyReasonCode.LIFTED);
            assertThat(lift.getLiftCondition()).isNull();
            assertThat(fleet.audit.readValuesToList()).extracting(AuditRecord::getAction)
                    .contains(AuditAction.POLICY_LIFTED);

            // When it hibernates FIFO again while the denial is still in force
            fleet.send("fifo-1", Events.hibernated(fleet.modern.next(), "fifo-1", 7, EvtchnAbi.FIFO));

            // Then the new image gets a permit of its own
            List<PolicyDirective> again = fleet.directives();
            assertThat(again).hasSize(1);
            assertThat(again.get(0).getVersion()).isEqualTo(3L);
            assertImagePermit(again.get(0), fleet.guest("fifo-1").image().eventId());
        }
    }

    @Test
    void shouldLiftThePermitWhenTheGuestBootsFreshInsteadOfResuming() {
        try (FleetDriver fleet = new FleetDriver(CONFIG).withHostsAnnounced()) {
            // Given a guest permitted for its FIFO image under a family denial
            denyTheFamily(fleet);
            fleet.bornOnModernAndHibernated("fifo-1", 5);
            assertThat(fleet.directives()).hasSize(1);

            // When it is booted fresh (the image is not used)
            fleet.send("fifo-1", Events.freshBoot(fleet.modern.next(), "fifo-1", 8));

            // Then the permit is lifted, and a later wave of the denial does not permit it again
            List<PolicyDirective> directives = fleet.directives();
            assertThat(directives).extracting(d -> d.getControls().getEvtchnFifo()).containsExactly(ControlSetting.UNSET);
            assertThat(directives.get(0).getReason().getCode()).isEqualTo(PolicyReasonCode.LIFTED);
            for (int i = 0; i < 2; i++) {
                fleet.send("new-" + i, Events.created(fleet.modern.next(), "new-" + i, 20 + i, CreateKind.FRESH_BOOT,
                        ControlSetting.DENY, FAMILY_KEY, fleet.family(FAMILY_KEY).rollout().policyVersion()));
            }
            assertThat(fleet.directives()).extracting(d -> d.getTarget().getKind())
                    .containsExactly(PolicyTargetKind.FAMILY);
        }
    }

    @Test
    void shouldNotPermitGuestsWithTwoLevelImages() {
        try (FleetDriver fleet = new FleetDriver(CONFIG).withHostsAnnounced()) {
            // Given a family denial in force
            denyTheFamily(fleet);

            // When a FIFO-aware guest hibernates with a 2-level image on a legacy host
            fleet.bornOnLegacyAndHibernated("two-level", 5);

            // Then it is denied FIFO for its resume, as the predictive rule says, and never permitted
            List<PolicyDirective> directives = of(fleet.directives(), "two-level");
            assertThat(directives).extracting(d -> d.getControls().getEvtchnFifo()).containsExactly(ControlSetting.DENY);
            assertThat(directives.get(0).getReason().getCode())
                    .isEqualTo(PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST);
            assertThat(fleet.guest("hazard-1").policy().evtchnFifo()).isEqualTo(ControlSetting.DENY);
        }
    }

    @Test
    void shouldAuditAPinnedGuestsFifoImageUnderTheFamilyDenialOnceOverAllWaves() {
        try (FleetDriver fleet = new FleetDriver(CONFIG).withHostsAnnounced()) {
            // Given two pinned guests, one hibernated with a FIFO image before the family denial, one after it
            for (String guest : List.of("pinned-1", "pinned-2")) {
                fleet.command(guest, Events.command("pin-" + guest, OperatorAction.PIN, null, guest,
                        ControlSetting.UNSET, fleet.clock.tick()));
            }
            fleet.bornOnModernAndHibernated("pinned-1", 5);
            PolicyDirective wave0 = denyTheFamily(fleet);
            fleet.bornOnModernAndHibernated("pinned-2", 6);

            // When the rollout advances to its next denying wave
            for (int i = 0; i < 2; i++) {
                fleet.send("new-" + i, Events.created(fleet.modern.next(), "new-" + i, 20 + i, CreateKind.FRESH_BOOT,
                        ControlSetting.DENY, FAMILY_KEY, wave0.getVersion()));
            }

            // Then each finding was audited once, and the pins stand
            assertThat(fleet.directives()).extracting(d -> d.getTarget().getKind())
                    .containsExactly(PolicyTargetKind.FAMILY);
            List<AuditRecord> audits = fleet.audit.readValuesToList();
            for (String guest : List.of("pinned-1", "pinned-2")) {
                assertThat(audits).as(guest).filteredOn(a -> guest.equals(a.getSubject()))
                        .extracting(AuditRecord::getAction).containsExactly(AuditAction.HAZARD_DETECTED);
                assertThat(fleet.guest(guest).pinned()).isTrue();
            }
        }
    }

    @Test
    void shouldNotPermitWhenTheFamilyDenialIsRolledBack() {
        try (FleetDriver fleet = new FleetDriver(CONFIG).withHostsAnnounced()) {
            // Given a guest permitted for its FIFO image under a running family denial
            fleet.bornOnModernAndHibernated("fifo-1", 5);
            denyTheFamily(fleet);
            assertThat(fleet.guest("fifo-1").policy().evtchnFifo()).isEqualTo(ControlSetting.PERMIT);

            // When an operator rolls the rollout back (a family version that unsets evtchn_fifo)
            fleet.command(ROLLOUT, Events.command("rollback-1", OperatorAction.ROLLBACK, ROLLOUT, null, null,
                    fleet.clock.tick()));
            List<PolicyDirective> rollback = fleet.directives();
            assertThat(rollback).extracting(d -> d.getControls().getEvtchnFifo()).containsExactly(ControlSetting.UNSET);

            // ... and another guest of the family hibernates with a FIFO image
            fleet.bornOnModernAndHibernated("fifo-2", 6);

            // Then nobody gets a new instance directive: no denial to answer, and the earlier permit stays until used
            assertThat(fleet.directives()).isEmpty();
            assertThat(fleet.guest("fifo-2").policy()).isNull();
            assertThat(fleet.guest("fifo-1").policy().version()).isEqualTo(1L);
        }
    }

    @Test
    void shouldNotPermitForAFamilyDryRun() {
        FleetStreamConfig dryRun = CONFIG.withModes(PolicyMode.ENFORCE, PolicyMode.OBSERVE);
        try (FleetDriver fleet = new FleetDriver(dryRun).withHostsAnnounced()) {
            // Given a guest hibernated with a FIFO image, and a family rollout in OBSERVE (never sent to agents)
            fleet.bornOnModernAndHibernated("fifo-1", 5);
            fleet.bornOnLegacyAndHibernated("hazard-1", 1);
            fleet.bornOnLegacyAndHibernated("hazard-2", 2);

            // When another guest hibernates with a FIFO image
            fleet.bornOnModernAndHibernated("fifo-2", 6);

            // Then neither is permitted: no agent would deny them FIFO
            assertThat(fleet.directives()).extracting(d -> d.getControls().getEvtchnFifo())
                    .containsOnly(ControlSetting.DENY);
            assertThat(fleet.guest("fifo-1").policy()).isNull();
            assertThat(fleet.guest("fifo-2").policy()).isNull();
        }
    }
}
