package io.fleetcompat.agent.xen;

import static io.fleetcompat.agent.xen.Fixture.A0;
import static io.fleetcompat.agent.xen.Fixture.D;
import static io.fleetcompat.agent.xen.Fixture.DOM0;
import static io.fleetcompat.agent.xen.Fixture.G0;
import static io.fleetcompat.agent.xen.Fixture.SELF;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** §10 version deltas and the §1.5 precedence of the two "FIFO off" paths, as profile parameters. */
class ProfileDeltasTest {

    @ParameterizedTest
    @CsvSource({"XEN_4_14_0, 0", "XEN_2020, -13", "V4_SERIES, -13", "V5_SERIES, -13", "PROPOSED, -13",
            "UPSTREAM_NOW, 0"})
    void statusOnXenAttachedChannel(XenProfile profile, int rc) {
        Fixture f = Fixture.of(profile);
        int port = f.host.allocXenAttachedChannel(D, DOM0, (dom, p) -> { }).out();
        assertThat(f.d(new EvtchnIn.Status(SELF, port)).rc()).isEqualTo(rc);
    }

    @ParameterizedTest
    @CsvSource({"XEN_4_14_0, true", "XEN_2020, true", "V4_SERIES, true", "V5_SERIES, true", "PROPOSED, true",
            "UPSTREAM_NOW, false"})
    void fifoRaiseForVcpuWithoutControlBlock(XenProfile profile, boolean pendingSet) {
        // Given FIFO engaged for vCPU0 only and an IPI bound to vCPU1
        Fixture f = Fixture.of(profile);
        f.engageFifo();
        f.d(new EvtchnIn.ExpandArray(A0));
        int port = f.bindIpi(1);
        // When it is sent
        f.d(new EvtchnIn.Send(port));
        // Then nothing is queued; P depends on the version
        assertThat(f.port(port).word().orElseThrow().p()).isEqualTo(pendingSet);
        assertThat(f.port(port).word().orElseThrow().l()).isFalse();
        assertThat(f.vcpu(1).upcalls()).isZero();
    }

    @Test
    void upstreamBuildSwitchOffUsesTheStubs() {
        Fixture f = Fixture.hostOnly(HostConfig.of(XenProfile.UPSTREAM_NOW).withFifoBuiltIn(false));
        f.host.createDomain(DomainConfig.of(D, f.hvmFlags(false, false), 4));
        assertThat(f.d(new EvtchnIn.InitControl(G0, 0, 0)).errno()).contains(Errno.EOPNOTSUPP);
        assertThat(f.d(new EvtchnIn.ExpandArray(A0)).errno()).contains(Errno.EOPNOTSUPP);
        // set_priority has no stub: the 2-level path answers
        assertThat(f.d(new EvtchnIn.SetPriority(64, 1)).errno()).contains(Errno.EINVAL);
        assertThat(f.d(new EvtchnIn.SetPriority(1, 1)).errno()).contains(Errno.ENOSYS);
        // The stub sits behind the argument read, unlike the per-domain gate
        assertThat(f.host.eventChannelOp(D, GuestHandle.unreadable(new EvtchnIn.InitControl(G0, 0, 0))).errno())
                .contains(Errno.EFAULT);
    }

    @Test
    void proposedHostWithoutFifoRefusesTheFlagAndDeniesEveryDomain() {
        Fixture f = Fixture.hostOnly(HostConfig.of(XenProfile.PROPOSED).withFifoBuiltIn(false));
        CreateResult r = f.host.createDomain(DomainConfig.of(D, f.hvmFlags(true, true), 1));
        assertThat(r.rc()).isEqualTo(Errno.EINVAL.rc());
        assertThat(((CreateResult.Rejected) r).reason()).contains("not available");
        // dom0 was created without the flag, so the gate (not the stub) answers
        assertThat(f.as(DOM0, new EvtchnIn.InitControl(G0, 0, 0)).errno()).contains(Errno.ENOSYS);
    }

    @Test
    void perDomainGateRunsBeforeTheArgumentIsRead() {
        Fixture f = Fixture.proposed(false, true);
        assertThat(f.host.eventChannelOp(D, GuestHandle.unreadable(new EvtchnIn.InitControl(-1, 3, 99))).errno())
                .contains(Errno.ENOSYS);
        assertThat(f.host.eventChannelOp(D, GuestHandle.unreadable(new EvtchnIn.SetPriority(9999, 99))).errno())
                .contains(Errno.ENOSYS);
        // Other commands are not gated, and reset still works
        assertThat(f.bindIpi(0)).isEqualTo(1);
        assertThat(f.d(new EvtchnIn.Reset(SELF)).rc()).isZero();
    }

    @Test
    void deniedErrnoIsOneConstantThatCanBeFlippedToEperm() {
        Fixture f = Fixture.hostOnly(HostConfig.of(XenProfile.PROPOSED).withFifoDeniedErrno(Errno.EPERM));
        f.host.createDomain(DomainConfig.of(D, f.hvmFlags(false, false), 1));
        assertThat(f.d(new EvtchnIn.InitControl(G0, 0, 0)).errno()).contains(Errno.EPERM);
        assertThat(FifoGate.DENIED_ERRNO).isEqualTo(Errno.ENOSYS);
        assertThat(FifoBuildStub.STUB_ERRNO).isEqualTo(Errno.EOPNOTSUPP);
    }

    @Test
    void v4DisableFifoDenies() {
        Fixture f = Fixture.hostOnly(HostConfig.of(XenProfile.V4_SERIES));
        int flags = f.hvmFlags(false, false) | CreateFlagLayout.V4_SERIES.maskOf(CreateFlagLayout.DISABLE_FIFO);
        f.host.createDomain(DomainConfig.of(D, flags, 1));
        assertThat(f.d(new EvtchnIn.InitControl(G0, 0, 0)).errno()).contains(Errno.ENOSYS);
        f.host.createDomain(DomainConfig.of(2, f.hvmFlags(false, false), 1));
        assertThat(f.as(2, new EvtchnIn.InitControl(G0, 0, 0)).rc()).isZero();
    }

    @Test
    void legacyHostKnowsNoFifoOpsAndNoUpcallVector() {
        Fixture f = Fixture.of(XenProfile.LEGACY_2L);
        for (int cmd = 11; cmd <= 14; cmd++) {
            assertThat(f.host.eventChannelOp(D, cmd, GuestHandle.of(new EvtchnIn.Reset(SELF))).errno())
                    .as("cmd %d", cmd).contains(Errno.ENOSYS);
        }
        assertThat(f.host.setEvtchnUpcallVector(D, 0, 0xF3).errno()).contains(Errno.ENOSYS);
        assertThat(f.host.createDomain(DomainConfig.of(2, 0x83, 1)).rc()).isEqualTo(Errno.EINVAL.rc());
    }

    @Test
    void xen4140LatchedLimitAndNoUsabilityChecks() {
        Fixture f = Fixture.hostOnly(HostConfig.of(XenProfile.XEN_4_14_0));
        f.host.createDomain(DomainConfig.of(D, f.hvmFlags(false, false), 1).withGuestWidth(32)
                .withMaxEvtchnPort(5000));
        for (int i = 1; i <= 1024; i++) {
            f.bindIpi(0);
        }
        // 32-bit layout, yet allocation goes past 1023
        assertThat(f.bindIpi(0)).isEqualTo(1025);
        f.engageFifo();
        assertThat(f.d(new EvtchnIn.SetPriority(1087, 3)).rc()).isZero();
        // No reset_cont
        assertThat(f.host.eventChannelOp(D, 14, GuestHandle.of(new EvtchnIn.Reset(SELF))).errno())
                .contains(Errno.ENOSYS);
    }

    @Test
    void xen2020ThirtyTwoBitLayoutStopsAt1023() {
        Fixture f = Fixture.hostOnly(HostConfig.of(XenProfile.XEN_2020));
        f.host.createDomain(DomainConfig.of(D, f.hvmFlags(false, false), 1).withGuestWidth(32)
                .withMaxEvtchnPort(5000));
        for (int i = 1; i <= 1023; i++) {
            f.bindIpi(0);
        }
        assertThat(f.d(new EvtchnIn.BindIpi(0)).errno()).contains(Errno.ENOSPC);
    }

    @ParameterizedTest
    @EnumSource(XenProfile.class)
    void everyProfileBootsDom0AndCreatesAPlainHvmDomain(XenProfile profile) {
        Fixture f = Fixture.of(profile);
        assertThat(f.host.domain(DOM0)).isPresent();
        assertThat(f.view().abi()).isEqualTo(AbiMode.TWO_LEVEL);
        assertThat(f.view().flags()).contains("hvm", "hap");
    }

    @Test
    void observerSeesHypercallsAndLifecycle() {
        Fixture f = Fixture.xen2020();
        f.d(new EvtchnIn.BindVirq(24, 0));
        f.host.destroyDomain(D);
        assertThat(f.events).filteredOn(XenEvent.DomainCreated.class::isInstance).hasSize(1);
        assertThat(f.events).filteredOn(XenEvent.Hypercall.class::isInstance).map(XenEvent.Hypercall.class::cast)
                .extracting(XenEvent.Hypercall::cmdName, XenEvent.Hypercall::rc)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("bind_virq", Errno.EINVAL.rc()));
        assertThat(f.events).last().isEqualTo(new XenEvent.DomainDestroyed(D));
    }
}
