package io.fleetcompat.agent.xen;

import static io.fleetcompat.agent.xen.Fixture.D;
import static io.fleetcompat.agent.xen.Fixture.DOM0;
import static io.fleetcompat.agent.xen.Fixture.SELF;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** §9 scenarios 6-13, 23 and 31-33: binding, sending and closing on the 2-level ABI. */
class ChannelScenariosTest {

    @Test
    void scenario06_allocUnboundSelfAcceptsCaller() {
        Fixture f = Fixture.xen2020();
        // When D allocates an unbound port for itself
        int port = f.d(new EvtchnIn.AllocUnbound(SELF, SELF)).out().port();
        // Then port 1, unbound accepting dom 1, vcpu 0
        assertThat(port).isEqualTo(1);
        EvtchnOut.Status st = f.status(1);
        assertThat(st.status()).isEqualTo(EvtchnStatus.UNBOUND);
        assertThat(st.status().code()).isEqualTo(1);
        assertThat(st.remoteDom()).isEqualTo(D);
        assertThat(st.vcpu()).isZero();
    }

    @Test
    void scenario07_bindInterdomainMarksLocalPortPending() {
        // Given D with unbound port 1 accepting itself
        Fixture f = Fixture.xen2020();
        f.d(new EvtchnIn.AllocUnbound(SELF, SELF));
        // When D binds to it in loopback
        OpResult<EvtchnOut.BindInterdomain> r = f.d(new EvtchnIn.BindInterdomain(SELF, 1));
        // Then local port 2; both ends interdomain; port 2 pending with selector bit 0 and one upcall
        assertThat(r.out().localPort()).isEqualTo(2);
        assertThat(f.status(1)).extracting(EvtchnOut.Status::status, EvtchnOut.Status::dom, EvtchnOut.Status::port)
                .containsExactly(EvtchnStatus.INTERDOMAIN, D, 2);
        assertThat(f.status(2)).extracting(EvtchnOut.Status::status, EvtchnOut.Status::dom, EvtchnOut.Status::port)
                .containsExactly(EvtchnStatus.INTERDOMAIN, D, 1);
        assertThat(f.shared().isPending(2)).isTrue();
        assertThat(f.vcpu(0).pendingSel()).isEqualTo(1L);
        assertThat(f.vcpu(0).upcalls()).isEqualTo(1);
    }

    @Test
    void scenario08_sendOnUnboundIsDropped() {
        Fixture f = Fixture.xen2020();
        f.d(new EvtchnIn.AllocUnbound(SELF, SELF));
        // When D sends on the unbound port
        OpResult<EvtchnOut.Send> r = f.d(new EvtchnIn.Send(1));
        // Then 0 and nothing pending
        assertThat(r.rc()).isZero();
        assertThat(f.shared().isPending(1)).isFalse();
        assertThat(f.vcpu(0).pendingSel()).isZero();
        assertThat(f.vcpu(0).upcalls()).isZero();
    }

    @Test
    void scenario09_bindVirqChecksInOrder() {
        Fixture f = Fixture.xen2020();
        assertThat(f.d(new EvtchnIn.BindVirq(0, 1)).out().port()).isEqualTo(1);
        assertThat(f.d(new EvtchnIn.BindVirq(0, 1)).errno()).contains(Errno.EEXIST);
        assertThat(f.d(new EvtchnIn.BindVirq(2, 1)).errno()).contains(Errno.EINVAL);
        assertThat(f.d(new EvtchnIn.BindVirq(0, 4)).errno()).contains(Errno.ENOENT);
        assertThat(f.d(new EvtchnIn.BindVirq(24, 0)).errno()).contains(Errno.EINVAL);
    }

    @Test
    void scenario10_bindVcpuMovesGlobalVirqOnly() {
        Fixture f = Fixture.xen2020();
        // Given the timer (per-vCPU) on port 1
        assertThat(f.d(new EvtchnIn.BindVirq(0, 0)).out().port()).isEqualTo(1);
        // When it is moved, Then -EINVAL
        assertThat(f.d(new EvtchnIn.BindVcpu(1, 2)).errno()).contains(Errno.EINVAL);
        // Given global VIRQ 3 on port 2, When moved to vCPU2, Then 0 and status says vcpu 2
        assertThat(f.d(new EvtchnIn.BindVirq(3, 0)).out().port()).isEqualTo(2);
        assertThat(f.d(new EvtchnIn.BindVcpu(2, 2)).rc()).isZero();
        assertThat(f.status(2).vcpu()).isEqualTo(2);
    }

    @Test
    void scenario10_upstreamNowRefusesGlobalVirqInDomU() {
        Fixture f = Fixture.of(XenProfile.UPSTREAM_NOW);
        // When a domU binds global VIRQ 3, Then -EBUSY (only the handler domain may)
        assertThat(f.d(new EvtchnIn.BindVirq(3, 0)).errno()).contains(Errno.EBUSY);
        assertThat(f.as(DOM0, new EvtchnIn.BindVirq(3, 0)).rc()).isZero();
    }

    @Test
    void scenario11_closingInterdomainLeavesPeerUnboundAcceptingCloser() {
        Fixture f = Fixture.xen2020();
        // Given dom0 created port 1 in D accepting dom0, and bound to it as q
        assertThat(f.as(DOM0, new EvtchnIn.AllocUnbound(D, DOM0)).out().port()).isEqualTo(1);
        int q = f.as(DOM0, new EvtchnIn.BindInterdomain(D, 1)).out().localPort();
        // When D closes port 1
        assertThat(f.d(new EvtchnIn.Close(1)).rc()).isZero();
        // Then dom0's q is unbound accepting dom 1, and D's port 1 is closed
        EvtchnOut.Status q0 = f.as(DOM0, new EvtchnIn.Status(DOM0, q)).out();
        assertThat(q0.status()).isEqualTo(EvtchnStatus.UNBOUND);
        assertThat(q0.remoteDom()).isEqualTo(D);
        assertThat(f.status(1).status()).isEqualTo(EvtchnStatus.CLOSED);
    }

    @Test
    void scenario12_reservedPortZero() {
        Fixture f = Fixture.xen2020();
        assertThat(f.d(new EvtchnIn.Close(0)).errno()).contains(Errno.EINVAL);
        EvtchnOut.Status st = f.status(0);
        assertThat(st.status()).isEqualTo(EvtchnStatus.CLOSED);
        assertThat(st.vcpu()).isZero();
        assertThat(f.d(new EvtchnIn.Send(0)).errno()).contains(Errno.EINVAL);
        assertThat(f.d(new EvtchnIn.Unmask(0)).rc()).isZero();
    }

    @Test
    void scenario13_twoLevelLimitWith4095MaxPort() {
        // Given D with max_evtchn_port 4095
        Fixture f = Fixture.hostOnly(HostConfig.of(XenProfile.XEN_2020));
        f.host.createDomain(DomainConfig.of(D, f.hvmFlags(false, false), 4).withMaxEvtchnPort(4095));
        // When 4095 IPIs are bound, Then ports 1..4095
        for (int expected = 1; expected <= 4095; expected++) {
            assertThat(f.bindIpi(0)).isEqualTo(expected);
        }
        // And one more is -ENOSPC
        assertThat(f.d(new EvtchnIn.BindIpi(0)).errno()).contains(Errno.ENOSPC);
    }

    @Test
    void scenario23_unmaskOfMaskedPendingPortRaisesUpcall() {
        Fixture f = Fixture.xen2020();
        int port = f.bindIpi(0);
        // Given the guest masked the port
        f.shared().setMask(port, true);
        // When D sends, Then pending but no selector and no upcall
        f.d(new EvtchnIn.Send(port));
        assertThat(f.shared().isPending(port)).isTrue();
        assertThat(f.vcpu(0).pendingSel()).isZero();
        assertThat(f.vcpu(0).upcalls()).isZero();
        // When D unmasks, Then mask clear, selector bit 0, one upcall
        f.d(new EvtchnIn.Unmask(port));
        assertThat(f.shared().isMasked(port)).isFalse();
        assertThat(f.vcpu(0).pendingSel()).isEqualTo(1L);
        assertThat(f.vcpu(0).upcalls()).isEqualTo(1);
    }

    @Test
    void scenario31_unboundPortAcceptsOnlyNamedDomain() {
        Fixture f = Fixture.xen2020();
        f.host.createDomain(DomainConfig.of(2, f.hvmFlags(false, false), 1));
        f.host.createDomain(DomainConfig.of(3, f.hvmFlags(false, false), 1));
        // Given dom0 made port 1 in D accepting dom 2
        assertThat(f.as(DOM0, new EvtchnIn.AllocUnbound(D, 2)).out().port()).isEqualTo(1);
        // When dom3 binds, Then -EINVAL
        assertThat(f.as(3, new EvtchnIn.BindInterdomain(D, 1)).errno()).contains(Errno.EINVAL);
        // When dom2 binds, Then a fresh local port and D's port 1 is interdomain(2, it)
        int local = f.as(2, new EvtchnIn.BindInterdomain(D, 1)).out().localPort();
        assertThat(local).isEqualTo(1);
        assertThat(f.status(1)).extracting(EvtchnOut.Status::status, EvtchnOut.Status::dom, EvtchnOut.Status::port)
                .containsExactly(EvtchnStatus.INTERDOMAIN, 2, local);
    }

    @Test
    void scenario32_port64UsesSelectorBit1() {
        Fixture f = Fixture.xen2020();
        for (int expected = 1; expected <= 64; expected++) {
            assertThat(f.bindIpi(0)).isEqualTo(expected);
        }
        assertThat(f.view().validPorts()).isEqualTo(128);
        // When D sends on port 64
        f.d(new EvtchnIn.Send(64));
        // Then pending word 1 bit 0, selector bit 1
        assertThat(f.shared().pendingWord(1)).isEqualTo(1L);
        assertThat(f.vcpu(0).pendingSel()).isEqualTo(1L << 1);
    }

    @Test
    void scenario33_lowestFreePortIsReused() {
        Fixture f = Fixture.xen2020();
        assertThat(f.bindIpi(0)).isEqualTo(1);
        assertThat(f.bindIpi(0)).isEqualTo(2);
        f.d(new EvtchnIn.Close(1));
        // When an IPI for vCPU1 is bound, Then it reuses port 1
        assertThat(f.bindIpi(1)).isEqualTo(1);
        assertThat(f.status(1)).extracting(EvtchnOut.Status::status, EvtchnOut.Status::vcpu)
                .containsExactly(EvtchnStatus.IPI, 1);
    }
}
