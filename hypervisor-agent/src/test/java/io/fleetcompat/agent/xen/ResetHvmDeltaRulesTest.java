package io.fleetcompat.agent.xen;

import static io.fleetcompat.agent.xen.Fixture.A0;
import static io.fleetcompat.agent.xen.Fixture.D;
import static io.fleetcompat.agent.xen.Fixture.DOM0;
import static io.fleetcompat.agent.xen.Fixture.G0;
import static io.fleetcompat.agent.xen.Fixture.SELF;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** §5 reset, §6 HVMOP_set_evtchn_upcall_vector and the §10 deltas not covered by the §9 scenarios. */
class ResetHvmDeltaRulesTest {

    @Test
    void toolstackResetAlsoSwitchesFifoBackToTwoLevel() {
        // Given a FIFO D, paused by its controller
        Fixture f = Fixture.xen2020();
        f.engageFifo();
        f.d(new EvtchnIn.ExpandArray(A0));
        f.bindIpi(0);
        // When dom0 resets it (not DOMID_SELF), Then D is 2-level again with no control block or array
        assertThat(f.as(DOM0, new EvtchnIn.Reset(D)).rc()).isZero();
        assertThat(f.view().abi()).isEqualTo(AbiMode.TWO_LEVEL);
        assertThat(f.view().fifoArrayPages()).isEmpty();
        assertThat(f.vcpu(0).controlBlock()).isEmpty();
    }

    @Test
    void resetLeavesPeersUnboundAcceptingTheResetDomain() {
        Fixture f = Fixture.xen2020();
        int port = f.as(DOM0, new EvtchnIn.AllocUnbound(D, DOM0)).out().port();
        int q = f.as(DOM0, new EvtchnIn.BindInterdomain(D, port)).out().localPort();
        assertThat(f.d(new EvtchnIn.Reset(SELF)).rc()).isZero();
        EvtchnOut.Status st = f.as(DOM0, new EvtchnIn.Status(DOM0, q)).out();
        assertThat(st.status()).isEqualTo(EvtchnStatus.UNBOUND);
        assertThat(st.remoteDom()).isEqualTo(D);
        assertThat(f.status(port).status()).isEqualTo(EvtchnStatus.CLOSED);
    }

    @Test
    void resetOfAnotherDomainChecksPrivilegeBeforePause() {
        Fixture f = Fixture.xen2020();
        f.host.createDomain(DomainConfig.of(2, f.hvmFlags(false, false), 1));
        f.host.unpauseDomain(2);
        // D resetting running domain 2: -EPERM, not -EINVAL
        assertThat(f.d(new EvtchnIn.Reset(2)).errno()).contains(Errno.EPERM);
        // A running domain may reset itself
        f.host.unpauseDomain(D);
        assertThat(f.d(new EvtchnIn.Reset(SELF)).rc()).isZero();
        assertThat(f.d(new EvtchnIn.Reset(D)).rc()).isZero();
    }

    @Test
    void xen4140ResetIsAtomicAndAlwaysZero() {
        Fixture f = Fixture.of(XenProfile.XEN_4_14_0);
        f.engageFifo();
        for (int i = 0; i < 70; i++) {
            f.bindIpi(0);
        }
        f.host.faults().preemptResets(1, () -> f.bindIpi(1));
        assertThat(f.d(new EvtchnIn.Reset(SELF)).rc()).isZero();
        assertThat(f.view().abi()).isEqualTo(AbiMode.TWO_LEVEL);
        assertThat(f.view().ports()).extracting(DomainView.PortView::port).containsExactly(0);
    }

    @Test
    void upcallVectorOrderForPvAndUnreadableArguments() {
        Fixture f = Fixture.xen2020();
        f.host.createDomain(DomainConfig.of(2, 0, 1));
        GuestHandle<HvmIn.SetEvtchnUpcallVector> bad =
                GuestHandle.unreadable(new HvmIn.SetEvtchnUpcallVector(9, 0x0F));
        // not HVM before the argument read
        assertThat(f.host.hvmOp(2, HvmIn.SetEvtchnUpcallVector.SUBOP, bad).errno()).contains(Errno.EINVAL);
        // argument read before vector and vCPU
        assertThat(f.host.hvmOp(D, HvmIn.SetEvtchnUpcallVector.SUBOP, bad).errno()).contains(Errno.EFAULT);
        // PROPOSED: the permit flag before everything, even for PV
        Fixture p = Fixture.proposed(true, false);
        p.host.createDomain(DomainConfig.of(2, 0, 1));
        assertThat(p.host.hvmOp(2, HvmIn.SetEvtchnUpcallVector.SUBOP, bad).errno()).contains(Errno.ENOSYS);
        assertThat(p.host.hvmOp(D, HvmIn.SetEvtchnUpcallVector.SUBOP, bad).errno()).contains(Errno.ENOSYS);
    }

    @Test
    void upcallsUseTheVectorAfterItIsSet() {
        Fixture f = Fixture.xen2020();
        assertThat(f.host.setEvtchnUpcallVector(D, 1, 0x10).rc()).isZero();
        assertThat(f.vcpu(1).upcalls()).isEqualTo(1);
        f.shared().vcpuInfo(1).setUpcallPending(false);
        int port = f.bindIpi(1);
        f.d(new EvtchnIn.Send(port));
        assertThat(f.vcpu(1).upcalls()).isEqualTo(2);
        assertThat(f.vcpu(1).vectorInjections()).isEqualTo(2);
        assertThat(f.vcpu(1).callbackInjections()).isZero();
        // vCPU0 still uses the domain callback
        f.d(new EvtchnIn.Send(f.bindIpi(0)));
        assertThat(f.vcpu(0).callbackInjections()).isEqualTo(1);
        assertThat(f.vcpu(0).vectorInjections()).isZero();
    }

    @Test
    void xen4140PendingOpsActOnNonUsableChannels() {
        Fixture f = Fixture.of(XenProfile.XEN_4_14_0);
        // unmask of a FREE port clears its mask
        f.shared().setMask(5, true);
        f.d(new EvtchnIn.Unmask(5));
        assertThat(f.shared().isMasked(5)).isFalse();
        // a Xen-attached channel is raised by Xen like any other
        int xen = f.host.allocXenAttachedChannel(D, DOM0, (d, p) -> { }).out();
        f.host.requireDomain(D).raise(f.host.requireDomain(D).channel(xen));
        assertThat(f.shared().isPending(xen)).isTrue();
        // and from 4.15 it is not
        Fixture g = Fixture.xen2020();
        int xen2 = g.host.allocXenAttachedChannel(D, DOM0, (d, p) -> { }).out();
        g.host.requireDomain(D).raise(g.host.requireDomain(D).channel(xen2));
        assertThat(g.shared().isPending(xen2)).isFalse();
        g.shared().setMask(5, true);
        g.d(new EvtchnIn.Unmask(5));
        assertThat(g.shared().isMasked(5)).isTrue();
    }

    @Test
    void xen4140ThirtyTwoBitLayoutAllocatesUpToPort4095() {
        Fixture f = Fixture.hostOnly(HostConfig.of(XenProfile.XEN_4_14_0));
        f.host.createDomain(DomainConfig.of(D, f.hvmFlags(false, false), 1).withGuestWidth(32)
                .withMaxEvtchnPort(5000));
        for (int i = 1; i <= 4095; i++) {
            assertThat(f.bindIpi(0)).isEqualTo(i);
        }
        assertThat(f.d(new EvtchnIn.BindIpi(0)).errno()).contains(Errno.ENOSPC);
    }

    @Test
    void xen4140SetPriorityOnAFreePortSucceeds() {
        Fixture f = Fixture.of(XenProfile.XEN_4_14_0);
        f.engageFifo();
        assertThat(f.d(new EvtchnIn.SetPriority(9, 4)).rc()).isZero();
        assertThat(f.d(new EvtchnIn.SetPriority(0, 4)).rc()).isZero();
        Fixture g = Fixture.xen2020();
        g.engageFifo();
        assertThat(g.d(new EvtchnIn.SetPriority(9, 4)).errno()).contains(Errno.EACCES);
    }

    @Test
    void upstreamVirqArgoIsPerDomain() {
        Fixture f = Fixture.of(XenProfile.UPSTREAM_NOW);
        // VIRQ_ARGO (11) binds in a domU without -EBUSY, on vCPU 0 only
        assertThat(f.d(new EvtchnIn.BindVirq(11, 1)).errno()).contains(Errno.EINVAL);
        int port = f.d(new EvtchnIn.BindVirq(11, 0)).out().port();
        assertThat(f.status(port)).extracting(EvtchnOut.Status::status, EvtchnOut.Status::virq)
                .containsExactly(EvtchnStatus.VIRQ, 11);
        // Before 4.21 it is an ordinary global VIRQ: no handler restriction either
        Fixture g = Fixture.xen2020();
        assertThat(g.d(new EvtchnIn.BindVirq(11, 0)).rc()).isZero();
        assertThat(g.d(new EvtchnIn.BindVirq(3, 0)).rc()).isZero();
    }

    @Test
    void upstreamRefusesBindPirqOnArm() {
        XenHost arm = new XenHost(HostConfig.of(XenProfile.UPSTREAM_NOW).withArch(Arch.ARM));
        int flags = CreateFlagLayout.UPSTREAM_NOW.maskOf(CreateFlag.HVM) | CreateFlagLayout.UPSTREAM_NOW.maskOf(
                CreateFlag.HAP);
        arm.createDomain(DomainConfig.of(D, flags, 1));
        assertThat(arm.eventChannelOp(D, new EvtchnIn.BindPirq(99, 0)).errno()).contains(Errno.EOPNOTSUPP);
        XenHost x86 = XenHost.of(XenProfile.UPSTREAM_NOW);
        x86.createDomain(DomainConfig.of(D, flags, 1));
        assertThat(x86.eventChannelOp(D, new EvtchnIn.BindPirq(3, 0)).rc()).isZero();
        XenHost arm2020 = new XenHost(HostConfig.of(XenProfile.XEN_2020).withArch(Arch.ARM));
        arm2020.createDomain(DomainConfig.of(D, flags, 1));
        assertThat(arm2020.eventChannelOp(D, new EvtchnIn.BindPirq(3, 0)).rc()).isZero();
    }

    @Test
    void legacyHostHasNoUpcallOpAndTreatsFifoCommandsAsUnknownBeforeTheArgument() {
        Fixture f = Fixture.of(XenProfile.LEGACY_2L);
        assertThat(f.host.eventChannelOp(D, GuestHandle.unreadable(new EvtchnIn.InitControl(G0, 0, 0))).errno())
                .contains(Errno.ENOSYS);
        assertThat(f.d(new EvtchnIn.SetPriority(64, 1)).errno()).contains(Errno.ENOSYS);
        assertThat(f.host.setEvtchnUpcallVector(D, 0, 0x0F).errno()).contains(Errno.ENOSYS);
    }
}
