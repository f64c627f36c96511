package io.fleetcompat.agent.host;

import static io.fleetcompat.agent.host.Hosts.GUEST;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.guest.KernelProfile;
import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.HostConfig;
import io.fleetcompat.agent.xen.XenProfile;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.AckRejectReason;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.EdgeFailsafeOutcome;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.PolicyMode;

import org.junit.jupiter.api.Test;

/**
 * Protection by construction at the agent: directives bound to the image they protect, family directives scoped to
 * resumes of 2-level images, and the edge fail-safe that protects a 2-level image's resume when no directive speaks
 * for it (xen-evtchn-model.md §8). The ABI at shutdown comes from Xen's domain state, carried with the guest.
 */
class EdgeProtectionTest {

    private static final String FAMILY = "linux-5.10";

    private final RecordingListener events = new RecordingListener();
    private final InMemoryPolicyLookup policies = new InMemoryPolicyLookup();

    @Test
    void shouldRecordTheAbiXenHadEngagedWhenTheDomainShutDown() {
        HibernatedGuest twoLevel = hibernateOnLegacy();
        HostToolstack modern = modern("modern-1", EdgeFailsafe.ENFORCE);
        modern.bootFresh(Hosts.linux());
        events.clear();
        HibernatedGuest fifo = modern.hibernate(GUEST).orElseThrow();

        assertThat(twoLevel.record().shutdownAbi()).isEqualTo(AbiMode.TWO_LEVEL);
        assertThat(fifo.record().shutdownAbi()).isEqualTo(AbiMode.FIFO);
        assertThat(events.single(HostEvent.GuestHibernated.class).imageAbi()).isEqualTo(EvtchnAbi.FIFO);
    }

    @Test
    void shouldDenyFifoAtTheEdgeWhenNoDirectiveSpeaksForTheResumeOfA2LevelImage() {
        // Given a 2-level image and no directive at all (the stream has not answered yet)
        HibernatedGuest image = hibernateOnLegacy();
        HostToolstack modern = modern("modern-1", EdgeFailsafe.ENFORCE);
        events.clear();

        // When it resumes on a FIFO host
        LifecycleOutcome outcome = modern.resumeFromHibernation(image);

        // Then the agent denied evtchn_fifo itself, says so, and the guest is healthy; no directive, no ack
        assertThat(outcome).isEqualTo(LifecycleOutcome.DONE);
        HostEvent.DomainCreated created = events.single(HostEvent.DomainCreated.class);
        assertThat(created.edgeFailsafe()).isEqualTo(EdgeFailsafeOutcome.DENIED_FIFO);
        assertThat(created.controls().evtchnFifo()).isEqualTo(ControlSetting.DENY);
        assertThat(created.policy()).isEmpty();
        assertThat(created.imageId()).contains(image.imageId());
        assertThat(created.imageShutdownAbi()).isEqualTo(EvtchnAbi.TWO_LEVEL);
        assertThat(events.ofType(HostEvent.PolicyAck.class)).isEmpty();
        assertThat(events.single(HostEvent.GuestResumed.class).healthy()).isTrue();
    }

    @Test
    void shouldOnlyReportTheEdgeFailsafeInAdviseModeAndLetTheResumeHang() {
        HibernatedGuest image = hibernateOnLegacy();
        HostToolstack modern = modern("modern-1", new EdgeFailsafeModes(EdgeFailsafe.Mode.ENFORCE,
                java.util.Map.of(FAMILY, EdgeFailsafe.Mode.ADVISE)));
        events.clear();

        assertThat(modern.resumeFromHibernation(image)).isEqualTo(LifecycleOutcome.RESUMED_HUNG);
        HostEvent.DomainCreated created = events.single(HostEvent.DomainCreated.class);
        assertThat(created.edgeFailsafe()).isEqualTo(EdgeFailsafeOutcome.ADVISED_DENY_FIFO);
        assertThat(created.controls().evtchnFifo()).isEqualTo(ControlSetting.PERMIT);
    }

    @Test
    void shouldSayTheEdgeFailsafeIsOffWhereItWouldHaveActed() {
        HibernatedGuest image = hibernateOnLegacy();
        HostToolstack modern = modern("modern-1", EdgeFailsafe.OFF);
        events.clear();

        assertThat(modern.resumeFromHibernation(image)).isEqualTo(LifecycleOutcome.RESUMED_HUNG);
        assertThat(events.single(HostEvent.DomainCreated.class).edgeFailsafe()).isEqualTo(EdgeFailsafeOutcome.OFF);
    }

    @Test
    void shouldReportAProfileWithoutTheControlWhereTheFailsafeWouldHaveActed() {
        HibernatedGuest image = hibernateOnLegacy();
        HostToolstack xen2020 = Hosts.host("xen2020-1", HostConfig.of(XenProfile.XEN_2020), policies, events,
                ToolstackOptions.DEFAULTS);
        events.clear();

        assertThat(xen2020.resumeFromHibernation(image)).isEqualTo(LifecycleOutcome.RESUMED_HUNG);
        assertThat(events.single(HostEvent.DomainCreated.class).edgeFailsafe())
                .isEqualTo(EdgeFailsafeOutcome.UNSUPPORTED_BY_PROFILE);
    }

    @Test
    void shouldLeaveFifoImagesAndFreshBootsAlone() {
        HostToolstack modern = modern("modern-1", EdgeFailsafe.ENFORCE);
        modern.bootFresh(Hosts.linux());
        HibernatedGuest fifoImage = modern.hibernate(GUEST).orElseThrow();
        events.clear();

        assertThat(modern.resumeFromHibernation(fifoImage)).isEqualTo(LifecycleOutcome.DONE);
        assertThat(events.single(HostEvent.DomainCreated.class).edgeFailsafe())
                .isEqualTo(EdgeFailsafeOutcome.NOT_APPLICABLE);
        assertThat(events.single(HostEvent.DomainCreated.class).controls().evtchnFifo())
                .isEqualTo(ControlSetting.PERMIT);
    }

    @Test
    void shouldStillProtectAtTheEdgeWhenTheGuestsDirectiveOnlyAdvises() {
        // Given the guest's own directive for this image in ADVISE mode (a dry run of the stream's policy)
        HibernatedGuest image = hibernateOnLegacy();
        policies.put(imageDirective(1, PolicyMode.ADVISE, Controls.DENY_FIFO, image.imageId()));
        HostToolstack modern = modern("modern-1", EdgeFailsafe.ENFORCE);
        events.clear();

        // When it resumes: advice decides nothing, so the agent's fail-safe still denies FIFO
        assertThat(modern.resumeFromHibernation(image)).isEqualTo(LifecycleOutcome.DONE);
        assertThat(events.single(HostEvent.DomainCreated.class).edgeFailsafe())
                .isEqualTo(EdgeFailsafeOutcome.DENIED_FIFO);
        assertThat(events.single(HostEvent.PolicyAck.class).outcome()).isEqualTo(AckOutcome.ADVISED);
    }

    @Test
    void shouldStillProtectAtTheEdgeWhenTheAppliedDirectiveSetsOnlyTheUpcallControl() {
        // Given an operator's pin of the guest that denies evtchn_upcall only (it replaces the guest's image denial)
        HibernatedGuest image = hibernateOnLegacy();
        policies.putInstance(GUEST, 2, PolicyMode.ENFORCE, new Controls(ControlSetting.UNSET, ControlSetting.DENY));
        HostToolstack modern = modern("modern-1", EdgeFailsafe.ENFORCE);
        events.clear();

        // When the 2-level image resumes: the pin is applied, and evtchn_fifo, which it leaves alone, is denied at
        // the edge
        assertThat(modern.resumeFromHibernation(image)).isEqualTo(LifecycleOutcome.DONE);
        assertThat(events.single(HostEvent.PolicyAck.class).outcome()).isEqualTo(AckOutcome.APPLIED);
        HostEvent.DomainCreated created = events.single(HostEvent.DomainCreated.class);
        assertThat(created.edgeFailsafe()).isEqualTo(EdgeFailsafeOutcome.DENIED_FIFO);
        assertThat(created.controls()).isEqualTo(new Controls(ControlSetting.DENY, ControlSetting.DENY));
    }

    @Test
    void shouldApplyAnImageBoundDirectiveAtTheResumeOfThatImageOnly() {
        // Given image A (2-level) and a denial bound to A
        HibernatedGuest imageA = hibernateOnLegacy();
        policies.put(imageDirective(1, PolicyMode.ENFORCE, Controls.DENY_FIFO, imageA.imageId()));
        HostToolstack modern = modern("modern-1", EdgeFailsafe.OFF);

        // When A resumes: the directive decides
        assertThat(modern.resumeFromHibernation(imageA)).isEqualTo(LifecycleOutcome.DONE);
        assertThat(events.ofType(HostEvent.DomainCreated.class).get(1).policy())
                .contains(new PolicyRef("instance:" + GUEST, 1));

        // And the guest's next fresh boot is not denied: it boots FIFO again
        modern.destroy(GUEST, io.fleetcompat.schema.avro.DestroyReason.SHUTDOWN);
        events.clear();
        modern.bootFresh(Hosts.linux());
        assertThat(events.single(HostEvent.DomainCreated.class).policy()).isEmpty();
        assertThat(events.single(HostEvent.GuestBooted.class).abi()).isEqualTo(EvtchnAbi.FIFO);
        assertThat(events.ofType(HostEvent.PolicyAck.class)).isEmpty();

        // And the resume of another 2-level image B is not covered by A's directive (the fail-safe is off here)
        modern.destroy(GUEST, io.fleetcompat.schema.avro.DestroyReason.SHUTDOWN);
        HibernatedGuest imageB = hibernateOnLegacy("legacy-2");
        assertThat(imageB.imageId()).isNotEqualTo(imageA.imageId());
        events.clear();
        assertThat(modern.resumeFromHibernation(imageB)).isEqualTo(LifecycleOutcome.RESUMED_HUNG);
        assertThat(events.single(HostEvent.DomainCreated.class).policy()).isEmpty();
        assertThat(events.ofType(HostEvent.PolicyAck.class)).isEmpty();
    }

    @Test
    void shouldApplyAFamilyDirectiveForResumesOf2LevelImagesOnlyThere() {
        // Given a family denial scoped to resumes of 2-level images
        policies.put(new AppliedPolicy(InMemoryPolicyLookup.familyKey(FAMILY, XenProfile.PROPOSED), 3,
                PolicyMode.ENFORCE, Controls.DENY_FIFO, DirectiveScope.RESUMES_OF_2L_IMAGES, null));
        HibernatedGuest twoLevel = hibernateOnLegacy();
        HostToolstack modern = modern("modern-1", EdgeFailsafe.OFF);
        events.clear();

        // When a 2-level image resumes, the family directive decides; a fresh boot and a FIFO image resume do not see it
        assertThat(modern.resumeFromHibernation(twoLevel)).isEqualTo(LifecycleOutcome.DONE);
        assertThat(events.single(HostEvent.DomainCreated.class).policy())
                .contains(new PolicyRef("family:linux-5.10@PROPOSED", 3));
        modern.destroy(GUEST, io.fleetcompat.schema.avro.DestroyReason.SHUTDOWN);
        events.clear();
        modern.bootFresh(Hosts.linux());
        assertThat(events.single(HostEvent.DomainCreated.class).policy()).isEmpty();
        HibernatedGuest fifo = modern.hibernate(GUEST).orElseThrow();
        events.clear();
        assertThat(modern.resumeFromHibernation(fifo)).isEqualTo(LifecycleOutcome.DONE);
        assertThat(events.single(HostEvent.DomainCreated.class).policy()).isEmpty();
        assertThat(events.ofType(HostEvent.PolicyAck.class)).isEmpty();
    }

    @Test
    void shouldLetTheFamilyDirectiveSpeakOnceTheGuestsOwnIsLifted() {
        // Given an operator's pin, since unpinned (a version with both controls UNSET), and an enforced family denial
        policies.putInstance(GUEST, 2, PolicyMode.ENFORCE, Controls.UNSET);
        policies.put(new AppliedPolicy(InMemoryPolicyLookup.familyKey(FAMILY, XenProfile.PROPOSED), 3,
                PolicyMode.ENFORCE, Controls.DENY_FIFO, DirectiveScope.RESUMES_OF_2L_IMAGES, null));
        HibernatedGuest image = hibernateOnLegacy();
        HostToolstack modern = modern("modern-1", EdgeFailsafe.OFF);
        events.clear();

        // When a 2-level image resumes, the lifted instance directive says nothing and the family's decides
        assertThat(modern.resumeFromHibernation(image)).isEqualTo(LifecycleOutcome.DONE);
        assertThat(events.single(HostEvent.DomainCreated.class).policy())
                .contains(new PolicyRef("family:linux-5.10@PROPOSED", 3));
    }

    @Test
    void shouldRejectADirectiveWhoseScopeTheAgentDoesNotKnowAndStillProtectAtTheEdge() {
        HibernatedGuest image = hibernateOnLegacy();
        policies.put(new AppliedPolicy("instance:" + GUEST, 2, PolicyMode.ENFORCE, Controls.PERMIT_FIFO,
                DirectiveScope.UNKNOWN, null));
        HostToolstack modern = modern("modern-1", EdgeFailsafe.ENFORCE);
        events.clear();

        assertThat(modern.resumeFromHibernation(image)).isEqualTo(LifecycleOutcome.DONE);
        HostEvent.PolicyAck ack = events.single(HostEvent.PolicyAck.class);
        assertThat(ack.outcome()).isEqualTo(AckOutcome.REJECTED);
        assertThat(ack.rejectReason()).contains(AckRejectReason.INVALID_DIRECTIVE);
        assertThat(events.single(HostEvent.DomainCreated.class).edgeFailsafe())
                .isEqualTo(EdgeFailsafeOutcome.DENIED_FIFO);
    }

    @Test
    void shouldRejectAnImageBoundDirectiveWithoutItsImage() {
        policies.put(new AppliedPolicy("instance:" + GUEST, 2, PolicyMode.ENFORCE, Controls.DENY_FIFO,
                DirectiveScope.RESUME_OF_IMAGE, null));
        HostToolstack modern = modern("modern-1", EdgeFailsafe.ENFORCE);

        modern.bootFresh(Hosts.linux());

        HostEvent.PolicyAck ack = events.single(HostEvent.PolicyAck.class);
        assertThat(ack.rejectReason()).contains(AckRejectReason.INVALID_DIRECTIVE);
        assertThat(ack.detail()).hasValueSatisfying(d -> assertThat(d).contains("without an image id"));
        assertThat(events.single(HostEvent.GuestBooted.class).abi()).isEqualTo(EvtchnAbi.FIFO);
    }

    @Test
    void shouldMakeTheUpcallVectorOpFailWithEnosysInADomainDeniedEvtchnUpcall() {
        // Given an operator pin denying evtchn_upcall to a Windows guest (its PV drivers use per-vCPU vectors, §6)
        GuestSpec windows = GuestSpec.hvm(GUEST, KernelProfile.WINDOWS_PV_DRIVERS, 2);
        policies.putInstance(GUEST, 1, PolicyMode.ENFORCE, new Controls(ControlSetting.UNSET, ControlSetting.DENY));
        HostToolstack modern = modern("modern-1", EdgeFailsafe.ENFORCE);

        // When its next domain boots
        modern.bootFresh(windows);

        // Then the domain lacks EVTCHN_UPCALL and HVMOP_set_evtchn_upcall_vector returned -ENOSYS
        assertThat(events.single(HostEvent.PolicyAck.class).outcome()).isEqualTo(AckOutcome.APPLIED);
        assertThat(modern.xen().inspect(modern.domidOf(GUEST).orElseThrow()).flags()).doesNotContain("evtchn_upcall");
        assertThat(events.ofType(HostEvent.HypercallResult.class))
                .filteredOn(h -> h.commandName().equals("HVMOP_set_evtchn_upcall_vector"))
                .isNotEmpty()
                .allSatisfy(h -> assertThat(h.rc()).isEqualTo(-38));
    }

    @Test
    void shouldRejectAnUpcallOnlyDirectiveForAPvGuestAndKeepItsDefaults() {
        GuestSpec pv = new GuestSpec(GUEST, KernelProfile.LINUX_5_10, 1, false);
        policies.putInstance(GUEST, 1, PolicyMode.ENFORCE, new Controls(ControlSetting.UNSET, ControlSetting.DENY));
        HostToolstack modern = modern("modern-1", EdgeFailsafe.ENFORCE);

        modern.bootFresh(pv);

        HostEvent.PolicyAck ack = events.single(HostEvent.PolicyAck.class);
        assertThat(ack.outcome()).isEqualTo(AckOutcome.REJECTED);
        assertThat(ack.rejectReason()).contains(AckRejectReason.NOT_APPLICABLE_TO_GUEST);
        assertThat(ack.detail()).hasValueSatisfying(d -> assertThat(d).contains("HVM domains only"));
        assertThat(events.single(HostEvent.DomainCreated.class).controls().evtchnFifo())
                .isEqualTo(ControlSetting.PERMIT);
    }

    @Test
    void shouldApplyTheFifoControlOfADirectiveThatAlsoSetsTheUpcallToAPvGuest() {
        // Given a family-wide START that denies both controls, and a PV guest of the family
        GuestSpec pv = new GuestSpec(GUEST, KernelProfile.LINUX_5_10, 1, false);
        policies.putInstance(GUEST, 1, PolicyMode.ENFORCE, new Controls(ControlSetting.DENY, ControlSetting.DENY));
        HostToolstack modern = modern("modern-1", EdgeFailsafe.OFF);

        modern.bootFresh(pv);

        // Then its evtchn_fifo denial is applied (a PV guest has no upcall vector to deny)
        assertThat(events.single(HostEvent.PolicyAck.class).outcome()).isEqualTo(AckOutcome.APPLIED);
        assertThat(events.single(HostEvent.DomainCreated.class).controls().evtchnFifo())
                .isEqualTo(ControlSetting.DENY);
    }

    private HostToolstack modern(String hostId, EdgeFailsafe failsafe) {
        return Hosts.host(hostId, HostConfig.of(XenProfile.PROPOSED), policies, events,
                ToolstackOptions.DEFAULTS.withEdgeFailsafe(failsafe));
    }

    private static AppliedPolicy imageDirective(long version, PolicyMode mode, Controls controls, String imageId) {
        return new AppliedPolicy("instance:" + GUEST, version, mode, controls, DirectiveScope.RESUME_OF_IMAGE, imageId);
    }

    private HibernatedGuest hibernateOnLegacy() {
        return hibernateOnLegacy("legacy-1");
    }

    private HibernatedGuest hibernateOnLegacy(String hostId) {
        HostToolstack legacy = Hosts.host(hostId, XenProfile.LEGACY_2L, policies, events);
        legacy.bootFresh(Hosts.linux());
        return legacy.hibernate(GUEST).orElseThrow();
    }
}
