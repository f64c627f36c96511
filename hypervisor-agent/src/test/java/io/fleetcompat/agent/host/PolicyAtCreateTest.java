package io.fleetcompat.agent.host;

import static io.fleetcompat.agent.host.Hosts.GUEST;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.guest.KernelProfile;
import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.XenProfile;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.AckRejectReason;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.PolicyMode;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Directives are applied at the guest's next create, reported with key and version, and acknowledged. */
class PolicyAtCreateTest {

    private final RecordingListener events = new RecordingListener();
    private final InMemoryPolicyLookup policies = new InMemoryPolicyLookup();

    @Test
    void shouldGrantFifoAndUpcallByDefaultOnProposed() {
        HostToolstack host = Hosts.host("host-a", XenProfile.PROPOSED, policies, events);

        assertThat(host.bootFresh(Hosts.linux())).isEqualTo(LifecycleOutcome.DONE);

        int domid = host.domidOf(GUEST).orElseThrow();
        assertThat(host.xen().inspect(domid).flags()).contains("evtchn_fifo", "evtchn_upcall");
        HostEvent.DomainCreated created = events.single(HostEvent.DomainCreated.class);
        assertThat(created.createKind()).isEqualTo(CreateKind.FRESH_BOOT);
        assertThat(created.policy()).isEmpty();
        assertThat(created.controls()).isEqualTo(new Controls(ControlSetting.PERMIT, ControlSetting.PERMIT));
        assertThat(created.grantedFlags().bitmask()).isEqualTo(0b1_1000_0011L);
        HostEvent.GuestBooted booted = events.single(HostEvent.GuestBooted.class);
        assertThat(booted.abi()).isEqualTo(EvtchnAbi.FIFO);
        assertThat(booted.initControlRc()).isEqualTo(OptionalInt.of(0));
        assertThat(booted.kernelLogLine()).isEqualTo("xen:events: Using FIFO-based ABI");
        assertThat(events.ofType(HostEvent.PolicyAck.class)).isEmpty();
    }

    @Test
    void shouldApplyEnforceDenyAtNextCreateAndRecordKeyAndVersion() {
        // Given a guest that booted with FIFO, and then an ENFORCE deny directive for it (version 3)
        HostToolstack host = Hosts.host("host-a", XenProfile.PROPOSED, policies, events);
        host.bootFresh(Hosts.linux());
        policies.putInstance(GUEST, 3, PolicyMode.ENFORCE, Controls.DENY_FIFO);
        host.destroy(GUEST, DestroyReason.REBOOT);
        events.clear();

        // When the guest is created again
        host.bootFresh(Hosts.linux());

        // Then the model's domain lacks evtchn_fifo and the kernel fell back to 2-level on -ENOSYS
        int domid = host.domidOf(GUEST).orElseThrow();
        assertThat(host.xen().inspect(domid).flags()).doesNotContain("evtchn_fifo").contains("evtchn_upcall");
        assertThat(host.xen().inspect(domid).abi()).isEqualTo(AbiMode.TWO_LEVEL);
        HostEvent.GuestBooted booted = events.single(HostEvent.GuestBooted.class);
        assertThat(booted.initControlRc()).isEqualTo(OptionalInt.of(-38));
        // And DomainCreated names the directive, shows the default request and the granted flags apart
        HostEvent.DomainCreated created = events.single(HostEvent.DomainCreated.class);
        assertThat(created.policy()).contains(new PolicyRef("instance:" + GUEST, 3));
        assertThat(created.requestedFlags().has("evtchn_fifo")).isTrue();
        assertThat(created.grantedFlags().has("evtchn_fifo")).isFalse();
        assertThat(created.controls().evtchnFifo()).isEqualTo(ControlSetting.DENY);
        // And the ack says APPLIED for that domain, with the controls it got
        HostEvent.PolicyAck ack = events.single(HostEvent.PolicyAck.class);
        assertThat(ack.outcome()).isEqualTo(AckOutcome.APPLIED);
        assertThat(ack.policy().version()).isEqualTo(3);
        assertThat(ack.domain()).contains(new HostEvent.DomainRef("host-a", domid, GUEST));
        assertThat(ack.appliedControls().orElseThrow().evtchnFifo()).isEqualTo(ControlSetting.DENY);
    }

    @Test
    void shouldApplyFamilyDirectiveWhenNoInstanceDirectiveExists() {
        policies.putFamily("linux-5.10", XenProfile.PROPOSED, 1, PolicyMode.ENFORCE, Controls.DENY_FIFO);
        HostToolstack host = Hosts.host("host-a", XenProfile.PROPOSED, policies, events);

        host.bootFresh(Hosts.linux());
        host.bootFresh(GuestSpec.hvm("windows-1", KernelProfile.WINDOWS_PV_DRIVERS, 2));

        assertThat(events.ofType(HostEvent.DomainCreated.class)).extracting(HostEvent.DomainCreated::policy)
                .containsExactly(Optional.of(new PolicyRef("family:linux-5.10@PROPOSED", 1)), Optional.empty());
    }

    @Test
    void shouldOnlyReportWhatAnAdviseDirectiveWouldDo() {
        policies.putInstance(GUEST, 1, PolicyMode.ADVISE, Controls.DENY_FIFO);
        HostToolstack host = Hosts.host("host-a", XenProfile.PROPOSED, policies, events);

        host.bootFresh(Hosts.linux());

        assertThat(host.xen().inspect(host.domidOf(GUEST).orElseThrow()).flags()).contains("evtchn_fifo");
        assertThat(events.single(HostEvent.DomainCreated.class).policy()).isEmpty();
        assertThat(events.single(HostEvent.GuestBooted.class).abi()).isEqualTo(EvtchnAbi.FIFO);
        HostEvent.PolicyAck ack = events.single(HostEvent.PolicyAck.class);
        assertThat(ack.outcome()).isEqualTo(AckOutcome.ADVISED);
        assertThat(ack.appliedControls().orElseThrow().evtchnFifo()).isEqualTo(ControlSetting.DENY);
    }

    @ParameterizedTest
    @EnumSource(value = XenProfile.class, names = {"XEN_2020", "UPSTREAM_NOW", "LEGACY_2L"})
    void shouldRejectDirectiveOnProfilesWithoutThePerDomainControl(XenProfile profile) {
        policies.putInstance(GUEST, 2, PolicyMode.ENFORCE, Controls.DENY_FIFO);
        HostToolstack host = Hosts.host("host-a", profile, policies, events);

        host.bootFresh(Hosts.linux());

        HostEvent.DomainCreated created = events.single(HostEvent.DomainCreated.class);
        assertThat(created.policy()).isEmpty();
        assertThat(created.controls().evtchnFifo()).isEqualTo(ControlSetting.UNSET);
        HostEvent.PolicyAck ack = events.single(HostEvent.PolicyAck.class);
        assertThat(ack.outcome()).isEqualTo(AckOutcome.REJECTED);
        assertThat(ack.rejectReason()).contains(AckRejectReason.UNSUPPORTED_BY_PROFILE);
        assertThat(ack.appliedControls()).isEmpty();
        // The hazard's root: on a FIFO-capable profile without the knob the guest still gets FIFO
        EvtchnAbi expected = profile == XenProfile.LEGACY_2L ? EvtchnAbi.TWO_LEVEL : EvtchnAbi.FIFO;
        assertThat(events.single(HostEvent.GuestBooted.class).abi()).isEqualTo(expected);
    }

    @Test
    void shouldHonourDenySenseFlagOnV4Series() {
        policies.putInstance(GUEST, 1, PolicyMode.ENFORCE, Controls.DENY_FIFO);
        HostToolstack host = Hosts.host("host-a", XenProfile.V4_SERIES, policies, events);

        host.bootFresh(Hosts.linux());

        assertThat(host.xen().inspect(host.domidOf(GUEST).orElseThrow()).flags()).contains("disable_fifo");
        assertThat(events.single(HostEvent.GuestBooted.class).abi()).isEqualTo(EvtchnAbi.TWO_LEVEL);
        assertThat(events.single(HostEvent.PolicyAck.class).outcome()).isEqualTo(AckOutcome.APPLIED);
    }

    @Test
    void shouldDenyFifoToEveryDomainOnAHostBuiltWithoutIt() {
        HostToolstack host = Hosts.host("host-a",
                io.fleetcompat.agent.xen.HostConfig.of(XenProfile.PROPOSED).withFifoBuiltIn(false), policies, events,
                ToolstackOptions.DEFAULTS);

        host.bootFresh(Hosts.linux());

        HostEvent.DomainCreated created = events.single(HostEvent.DomainCreated.class);
        assertThat(created.requestedFlags().has("evtchn_fifo")).isFalse();
        assertThat(created.controls().evtchnFifo()).isEqualTo(ControlSetting.DENY);
        assertThat(events.single(HostEvent.GuestBooted.class).abi()).isEqualTo(EvtchnAbi.TWO_LEVEL);
    }

    @Test
    void shouldKeepOnlyTheHighestVersionPerKey() {
        assertThat(policies.putInstance(GUEST, 5, PolicyMode.ENFORCE, Controls.DENY_FIFO)).isTrue();
        assertThat(policies.putInstance(GUEST, 4, PolicyMode.ENFORCE, Controls.PERMIT_FIFO)).isFalse();
        assertThat(policies.putInstance(GUEST, 5, PolicyMode.ADVISE, Controls.PERMIT_FIFO)).isFalse();

        assertThat(policies.find(CreateContext.freshBoot(GUEST, "linux-5.10", "host-a", XenProfile.PROPOSED)).orElseThrow().version())
                .isEqualTo(5);
    }
}
