package io.fleetcompat.agent.host;

import static io.fleetcompat.agent.host.Hosts.GUEST;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.HostConfig;
import io.fleetcompat.agent.xen.XenProfile;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.AckRejectReason;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.ResumeFailureSymptom;
import org.junit.jupiter.api.Test;

/** §8 end to end through the toolstack: the hibernation failure, and its prevention by a deny directive. */
class HibernationResumeTest {

    private final RecordingListener events = new RecordingListener();
    private final InMemoryPolicyLookup policies = new InMemoryPolicyLookup();

    @Test
    void shouldHangAGuestHibernatedOnLegacyWhenItResumesWithFifoPermitted() {
        // Given a FIFO-aware guest that booted 2-level on a pre-4.4 host and hibernated there
        HibernatedGuest image = hibernateOnLegacy();
        assertThat(image.record().shutdownAbi()).isEqualTo(AbiMode.TWO_LEVEL);
        HostToolstack modern = Hosts.host("modern-1", HostConfig.of(XenProfile.PROPOSED), policies, events,
                ToolstackOptions.DEFAULTS.withEdgeFailsafe(EdgeFailsafe.OFF));
        events.clear();

        // When it resumes on a PROPOSED host with the toolstack defaults and the edge fail-safe off
        LifecycleOutcome outcome = modern.resumeFromHibernation(image);

        // Then upcalls arrive but nothing is handled
        assertThat(outcome).isEqualTo(LifecycleOutcome.RESUMED_HUNG);
        assertThat(events.single(HostEvent.DomainCreated.class).createKind())
                .isEqualTo(CreateKind.RESUME_FROM_HIBERNATION);
        HostEvent.GuestResumeFailed failed = events.single(HostEvent.GuestResumeFailed.class);
        assertThat(failed.symptom()).isEqualTo(ResumeFailureSymptom.EVENTS_RAISED_NOT_HANDLED);
        assertThat(failed.imageId()).contains(image.imageId());
        assertThat(failed.imageAbi()).isEqualTo(EvtchnAbi.TWO_LEVEL);
        assertThat(failed.xenAbi()).isEqualTo(EvtchnAbi.FIFO);
        assertThat(failed.upcallsCounted()).isPositive();
        assertThat(failed.eventsSent()).isPositive();
        assertThat(failed.eventsHandled()).isZero();
        assertThat(events.ofType(HostEvent.GuestResumed.class)).isEmpty();
        // And the hung guest cannot hibernate again, only be destroyed
        assertThat(modern.isHung(GUEST)).isTrue();
        assertThat(modern.hibernate(GUEST)).isEmpty();
        assertThat(modern.destroy(GUEST, DestroyReason.ADMIN_DESTROY)).isTrue();
    }

    @Test
    void shouldResumeHealthyWhenTheDenyDirectiveWithholdsFifo() {
        // Given the same image and an ENFORCE deny directive for the guest
        HibernatedGuest image = hibernateOnLegacy();
        policies.putInstance(GUEST, 1, PolicyMode.ENFORCE, Controls.DENY_FIFO);
        HostToolstack modern = Hosts.host("modern-1", XenProfile.PROPOSED, policies, events);
        events.clear();

        // When it resumes on the PROPOSED host
        LifecycleOutcome outcome = modern.resumeFromHibernation(image);

        // Then the boot kernel fell back to 2-level like on the legacy host, and the resumed kernel is healthy
        assertThat(outcome).isEqualTo(LifecycleOutcome.DONE);
        HostEvent.GuestResumed resumed = events.single(HostEvent.GuestResumed.class);
        assertThat(resumed.healthy()).isTrue();
        assertThat(resumed.bootKernelAbi()).isEqualTo(EvtchnAbi.TWO_LEVEL);
        assertThat(resumed.imageAbi()).isEqualTo(EvtchnAbi.TWO_LEVEL);
        assertThat(resumed.xenAbi()).isEqualTo(EvtchnAbi.TWO_LEVEL);
        assertThat(modern.xen().inspect(modern.domidOf(GUEST).orElseThrow()).flags()).doesNotContain("evtchn_fifo");
        assertThat(events.single(HostEvent.DomainCreated.class).policy())
                .contains(new PolicyRef("instance:" + GUEST, 1));
        assertThat(events.ofType(HostEvent.GuestResumeFailed.class)).isEmpty();
    }

    @Test
    void shouldRejectADenyDirectiveForAGuestWhoseImageAssumesFifo() {
        // Given a guest that booted FIFO on a modern host and hibernated there (its image assumes FIFO)
        HostToolstack first = Hosts.host("modern-1", XenProfile.PROPOSED, policies, events);
        first.bootFresh(Hosts.linux());
        HibernatedGuest image = first.hibernate(GUEST).orElseThrow();
        assertThat(image.record().shutdownAbi()).isEqualTo(AbiMode.FIFO);
        // and an ENFORCE deny directive that reaches it (e.g. through a family rollout)
        policies.putInstance(GUEST, 1, PolicyMode.ENFORCE, Controls.DENY_FIFO);
        HostToolstack second = Hosts.host("modern-2", XenProfile.PROPOSED, policies, events);
        events.clear();

        // When it resumes
        LifecycleOutcome outcome = second.resumeFromHibernation(image);

        // Then the directive is rejected as conflicting with the image, FIFO stays permitted, and it resumes healthy
        HostEvent.PolicyAck ack = events.single(HostEvent.PolicyAck.class);
        assertThat(ack.outcome()).isEqualTo(AckOutcome.REJECTED);
        assertThat(ack.rejectReason()).contains(AckRejectReason.CONFLICTS_WITH_IMAGE);
        assertThat(second.xen().inspect(second.domidOf(GUEST).orElseThrow()).flags()).contains("evtchn_fifo");
        assertThat(outcome).isEqualTo(LifecycleOutcome.DONE);
        assertThat(events.single(HostEvent.GuestResumed.class).healthy()).isTrue();
    }

    @Test
    void shouldApplyTheGuestsOwnPermitOverAnEnforcedFamilyDenialForAFifoImage() {
        // Given a guest that booted FIFO on a modern host and hibernated there (its image assumes FIFO)
        HostToolstack first = Hosts.host("modern-1", XenProfile.PROPOSED, policies, events);
        first.bootFresh(Hosts.linux());
        HibernatedGuest image = first.hibernate(GUEST).orElseThrow();
        // ... an enforced family denial of its kernel family on PROPOSED, and fleet-stream's permit for the guest
        policies.putFamily("linux-5.10", XenProfile.PROPOSED, 3, PolicyMode.ENFORCE, Controls.DENY_FIFO);
        policies.putInstance(GUEST, 1, PolicyMode.ENFORCE, Controls.PERMIT_FIFO);
        HostToolstack second = Hosts.host("modern-2", XenProfile.PROPOSED, policies, events);
        events.clear();

        // When it resumes
        LifecycleOutcome outcome = second.resumeFromHibernation(image);

        // Then the instance permit wins over the family denial: applied (no CONFLICTS_WITH_IMAGE), FIFO kept, healthy
        HostEvent.PolicyAck ack = events.single(HostEvent.PolicyAck.class);
        assertThat(ack.policy().policyKey()).isEqualTo("instance:" + GUEST);
        assertThat(ack.outcome()).isEqualTo(AckOutcome.APPLIED);
        assertThat(ack.rejectReason()).isEmpty();
        assertThat(events.single(HostEvent.DomainCreated.class).policy()).contains(new PolicyRef("instance:" + GUEST, 1));
        assertThat(second.xen().inspect(second.domidOf(GUEST).orElseThrow()).flags()).contains("evtchn_fifo");
        assertThat(outcome).isEqualTo(LifecycleOutcome.DONE);
        assertThat(events.single(HostEvent.GuestResumed.class).healthy()).isTrue();
    }

    @Test
    void shouldResumeHealthyOnTheLegacyHostItself() {
        RecordingListener legacyEvents = new RecordingListener();
        HostToolstack legacy = Hosts.host("legacy-1", XenProfile.LEGACY_2L, policies, legacyEvents);
        legacy.bootFresh(Hosts.linux());
        HibernatedGuest image = legacy.hibernate(GUEST).orElseThrow();

        assertThat(legacy.resumeFromHibernation(image)).isEqualTo(LifecycleOutcome.DONE);
        assertThat(legacyEvents.single(HostEvent.GuestHibernated.class).imageId()).isEqualTo(image.imageId());
        assertThat(legacyEvents.ofType(HostEvent.DomainDestroyed.class)).extracting(HostEvent.DomainDestroyed::reason)
                .containsExactly(DestroyReason.HIBERNATED);
    }

    private HibernatedGuest hibernateOnLegacy() {
        HostToolstack legacy = Hosts.host("legacy-1", XenProfile.LEGACY_2L, policies, events);
        legacy.bootFresh(Hosts.linux());
        assertThat(events.single(HostEvent.GuestBooted.class).abi()).isEqualTo(EvtchnAbi.TWO_LEVEL);
        return legacy.hibernate(GUEST).orElseThrow();
    }
}
