package io.fleetcompat.agent.xen;

import static io.fleetcompat.agent.xen.Fixture.D;
import static io.fleetcompat.agent.xen.Fixture.DOM0;
import static io.fleetcompat.agent.xen.Fixture.SELF;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** §2.3 effects of each op, §2.4 privilege and §3 2-level delivery, beyond the §9 scenarios. */
class OperationRulesTest {

    @Test
    void allocUnboundSelfMeansTheCallerNotTheTarget() {
        Fixture f = Fixture.xen2020();
        int port = f.as(DOM0, new EvtchnIn.AllocUnbound(D, SELF)).out().port();
        assertThat(f.status(port).remoteDom()).isEqualTo(DOM0);
        // remote_dom is not checked for existence
        int other = f.as(DOM0, new EvtchnIn.AllocUnbound(D, 99)).out().port();
        assertThat(f.status(other).remoteDom()).isEqualTo(99);
    }

    @Test
    void bindInterdomainMarksTheLocalPortPendingAndTheRemoteKeepsItsVcpu() {
        Fixture f = Fixture.xen2020();
        // Given D's port 1 accepting dom0 and moved to vCPU3
        int port = f.as(DOM0, new EvtchnIn.AllocUnbound(D, DOM0)).out().port();
        assertThat(f.d(new EvtchnIn.BindVcpu(port, 3)).rc()).isZero();
        // When dom0 binds to it
        int local = f.as(DOM0, new EvtchnIn.BindInterdomain(D, port)).out().localPort();
        // Then dom0's new local port is pending, D's side is not, and D's side kept vCPU3
        assertThat(f.host.sharedInfo(DOM0).isPending(local)).isTrue();
        assertThat(f.shared().isPending(port)).isFalse();
        assertThat(f.status(port)).extracting(EvtchnOut.Status::status, EvtchnOut.Status::vcpu,
                EvtchnOut.Status::dom, EvtchnOut.Status::port).containsExactly(EvtchnStatus.INTERDOMAIN, 3, DOM0, local);
    }

    @Test
    void sendOnInterdomainRaisesThePeerOnItsNotifyVcpu() {
        Fixture f = Fixture.xen2020();
        int port = f.as(DOM0, new EvtchnIn.AllocUnbound(D, DOM0)).out().port();
        f.d(new EvtchnIn.BindVcpu(port, 2));
        int local = f.as(DOM0, new EvtchnIn.BindInterdomain(D, port)).out().localPort();
        assertThat(f.as(DOM0, new EvtchnIn.Send(local)).rc()).isZero();
        assertThat(f.shared().isPending(port)).isTrue();
        assertThat(f.vcpu(2).pendingSel()).isEqualTo(1L);
        assertThat(f.vcpu(2).upcalls()).isEqualTo(1);
        assertThat(f.vcpu(0).upcalls()).isZero();
    }

    @Test
    void sendToAXenAttachedPeerCallsTheConsumer() {
        Fixture f = Fixture.xen2020();
        List<String> calls = new ArrayList<>();
        int xen = f.host.allocXenAttachedChannel(DOM0, D, (dom, p) -> calls.add(dom + ":" + p)).out();
        int local = f.d(new EvtchnIn.BindInterdomain(DOM0, xen)).out().localPort();
        assertThat(f.d(new EvtchnIn.Send(local)).rc()).isZero();
        assertThat(calls).containsExactly(DOM0 + ":" + xen);
        assertThat(f.host.sharedInfo(DOM0).isPending(xen)).isFalse();
    }

    @Test
    void sendRefusesFreePirqAndVirq() {
        Fixture f = Fixture.xen2020();
        assertThat(f.d(new EvtchnIn.Send(5)).errno()).contains(Errno.EINVAL);
        int pirq = f.d(new EvtchnIn.BindPirq(3, 0)).out().port();
        assertThat(f.d(new EvtchnIn.Send(pirq)).errno()).contains(Errno.EINVAL);
        int virq = f.d(new EvtchnIn.BindVirq(3, 0)).out().port();
        assertThat(f.d(new EvtchnIn.Send(virq)).errno()).contains(Errno.EINVAL);
    }

    @Test
    void closingAVirqFreesItsTableEntry() {
        Fixture f = Fixture.xen2020();
        int timer = f.d(new EvtchnIn.BindVirq(0, 2)).out().port();
        int global = f.d(new EvtchnIn.BindVirq(3, 0)).out().port();
        f.d(new EvtchnIn.BindVcpu(global, 1));
        assertThat(f.d(new EvtchnIn.Close(timer)).rc()).isZero();
        assertThat(f.d(new EvtchnIn.Close(global)).rc()).isZero();
        // Both can be bound again: the per-vCPU one on its vCPU, the global one on vCPU 0's table
        assertThat(f.d(new EvtchnIn.BindVirq(0, 2)).rc()).isZero();
        assertThat(f.d(new EvtchnIn.BindVirq(3, 0)).rc()).isZero();
    }

    @Test
    void closingAPirqUnbindsIt() {
        Fixture f = Fixture.xen2020();
        int port = f.d(new EvtchnIn.BindPirq(7, 0)).out().port();
        assertThat(f.d(new EvtchnIn.BindVcpu(port, 2)).rc()).isZero();
        assertThat(f.host.requireDomain(D).vcpu(2).orElseThrow().pirqs()).containsExactly(7);
        assertThat(f.d(new EvtchnIn.Close(port)).rc()).isZero();
        assertThat(f.host.requireDomain(D).vcpu(2).orElseThrow().pirqs()).isEmpty();
        assertThat(f.d(new EvtchnIn.BindPirq(7, 0)).out().port()).isEqualTo(port);
        assertThat(f.status(port)).extracting(EvtchnOut.Status::status, EvtchnOut.Status::vcpu,
                EvtchnOut.Status::pirq).containsExactly(EvtchnStatus.PIRQ, 0, 7);
    }

    @Test
    void closingInterdomainLeavesThePeerItsNotifyVcpu() {
        Fixture f = Fixture.xen2020();
        int port = f.as(DOM0, new EvtchnIn.AllocUnbound(D, DOM0)).out().port();
        f.d(new EvtchnIn.BindVcpu(port, 3));
        int local = f.as(DOM0, new EvtchnIn.BindInterdomain(D, port)).out().localPort();
        assertThat(f.as(DOM0, new EvtchnIn.Close(local)).rc()).isZero();
        assertThat(f.status(port)).extracting(EvtchnOut.Status::status, EvtchnOut.Status::vcpu,
                EvtchnOut.Status::remoteDom).containsExactly(EvtchnStatus.UNBOUND, 3, DOM0);
        // And it accepts a new bind from the closer
        assertThat(f.as(DOM0, new EvtchnIn.BindInterdomain(D, port)).rc()).isZero();
    }

    @Test
    void bindVcpuRefusesIpiFreeAndReservedAndMovesNoPendingState() {
        Fixture f = Fixture.xen2020();
        assertThat(f.d(new EvtchnIn.BindVcpu(0, 1)).errno()).contains(Errno.EINVAL);
        assertThat(f.d(new EvtchnIn.BindVcpu(9, 1)).errno()).contains(Errno.EINVAL);
        int port = f.d(new EvtchnIn.AllocUnbound(SELF, SELF)).out().port();
        f.shared().setPending(port, true);
        assertThat(f.d(new EvtchnIn.BindVcpu(port, 1)).rc()).isZero();
        assertThat(f.vcpu(1).pendingSel()).isZero();
        assertThat(f.vcpu(1).upcalls()).isZero();
        assertThat(f.status(port).vcpu()).isEqualTo(1);
    }

    @Test
    void statusOfAFreePortIsClosed() {
        Fixture f = Fixture.xen2020();
        assertThat(f.status(17)).extracting(EvtchnOut.Status::status, EvtchnOut.Status::vcpu)
                .containsExactly(EvtchnStatus.CLOSED, 0);
        assertThat(f.d(new EvtchnIn.Status(SELF, 64)).errno()).contains(Errno.EINVAL);
    }

    @Test
    void deviceModelDomainIsPrivilegedButTheXenstoreDomainIsNot() {
        Fixture f = Fixture.hostOnly(HostConfig.of(XenProfile.XEN_2020));
        int xs = CreateFlagLayout.XEN_2020.maskOf(CreateFlag.XS_DOMAIN);
        int hvm = f.hvmFlags(false, false);
        f.host.createDomain(DomainConfig.of(2, hvm, 1));
        f.host.createDomain(DomainConfig.of(3, hvm | xs, 1));
        f.host.createDomain(DomainConfig.of(D, hvm, 4).withDeviceModelDomid(2));
        // status
        assertThat(f.as(2, new EvtchnIn.Status(D, 0)).rc()).isZero();
        assertThat(f.as(3, new EvtchnIn.Status(D, 0)).errno()).contains(Errno.EPERM);
        // alloc_unbound
        assertThat(f.as(2, new EvtchnIn.AllocUnbound(D, 2)).out().port()).isEqualTo(1);
        assertThat(f.as(3, new EvtchnIn.AllocUnbound(D, 3)).errno()).contains(Errno.EPERM);
        // reset (D is still paused from creation)
        assertThat(f.as(3, new EvtchnIn.Reset(D)).errno()).contains(Errno.EPERM);
        assertThat(f.as(2, new EvtchnIn.Reset(D)).rc()).isZero();
        // and the relation is one-way
        assertThat(f.as(D, new EvtchnIn.Status(2, 0)).errno()).contains(Errno.EPERM);
    }

    @Test
    void unmaskIsANoOpOnChannelsThatAreNotUsable() {
        Fixture f = Fixture.xen2020();
        int xen = f.host.allocXenAttachedChannel(D, DOM0, (d, p) -> { }).out();
        f.shared().setMask(xen, true);
        f.shared().setPending(xen, true);
        f.shared().setMask(5, true);
        f.shared().setPending(5, true);
        assertThat(f.d(new EvtchnIn.Unmask(xen)).rc()).isZero();
        assertThat(f.d(new EvtchnIn.Unmask(5)).rc()).isZero();
        assertThat(f.shared().isMasked(xen)).isTrue();
        assertThat(f.shared().isMasked(5)).isTrue();
        assertThat(f.vcpu(0).upcalls()).isZero();
    }

    @Test
    void alreadyPendingPortRaisesNothingMore() {
        Fixture f = Fixture.xen2020();
        int port = f.bindIpi(0);
        f.d(new EvtchnIn.Send(port));
        // The guest clears the upcall flag and the selector but leaves the port pending
        f.shared().vcpuInfo(0).setUpcallPending(false);
        f.shared().vcpuInfo(0).exchangeSel();
        f.d(new EvtchnIn.Send(port));
        assertThat(f.vcpu(0).pendingSel()).isZero();
        assertThat(f.vcpu(0).upcallPending()).isFalse();
        assertThat(f.vcpu(0).upcalls()).isEqualTo(1);
    }

    @Test
    void upcallOnlyWhenTheSelectorBitIsNewAndTheUpcallFlagWasClear() {
        Fixture f = Fixture.xen2020();
        int a = f.bindIpi(0);
        int b = f.bindIpi(0);
        f.d(new EvtchnIn.Send(a));
        // same selector word: no new upcall
        f.d(new EvtchnIn.Send(b));
        assertThat(f.vcpu(0).upcalls()).isEqualTo(1);
        // selector bit new, but evtchn_upcall_pending still set: no new upcall
        for (int i = 3; i <= 64; i++) {
            f.bindIpi(0);
        }
        f.d(new EvtchnIn.Send(64));
        assertThat(f.vcpu(0).pendingSel()).isEqualTo(0b11L);
        assertThat(f.vcpu(0).upcalls()).isEqualTo(1);
    }

    @Test
    void unmaskOfAnUnmaskedPendingPortGivesNoUpcall() {
        Fixture f = Fixture.xen2020();
        int port = f.bindIpi(0);
        f.shared().setPending(port, true);
        f.d(new EvtchnIn.Unmask(port));
        assertThat(f.vcpu(0).pendingSel()).isZero();
        assertThat(f.vcpu(0).upcalls()).isZero();
    }

    @Test
    void unmaskWithTheSelectorBitAlreadySetGivesNoUpcall() {
        Fixture f = Fixture.xen2020();
        int a = f.bindIpi(0);
        int b = f.bindIpi(0);
        f.d(new EvtchnIn.Send(a));
        f.shared().vcpuInfo(0).setUpcallPending(false);
        f.shared().setMask(b, true);
        f.d(new EvtchnIn.Send(b));
        f.d(new EvtchnIn.Unmask(b));
        assertThat(f.shared().isMasked(b)).isFalse();
        assertThat(f.vcpu(0).upcalls()).isEqualTo(1);
        assertThat(f.vcpu(0).upcallPending()).isFalse();
    }

    @Test
    void thirtyTwoBitLayoutUsesWordsOf32() {
        Fixture f = Fixture.hostOnly(HostConfig.of(XenProfile.XEN_2020));
        f.host.createDomain(DomainConfig.of(D, f.hvmFlags(false, false), 1).withGuestWidth(32));
        for (int i = 1; i <= 33; i++) {
            f.bindIpi(0);
        }
        f.d(new EvtchnIn.Send(33));
        assertThat(f.shared().width()).isEqualTo(32);
        assertThat(f.shared().pendingWord(1)).isEqualTo(0b10L);
        assertThat(f.vcpu(0).pendingSel()).isEqualTo(0b10L);
    }
}
