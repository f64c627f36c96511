package io.fleetcompat.agent.xen;

import static io.fleetcompat.agent.xen.Fixture.A0;
import static io.fleetcompat.agent.xen.Fixture.D;
import static io.fleetcompat.agent.xen.Fixture.SELF;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** §2.1 dispatcher and §2.2 port allocation rules beyond the §9 scenarios. */
class PortAllocationRulesTest {

    @Test
    void blocksOf64AreMaterialisedOnDemandAndNeverShrink() {
        Fixture f = Fixture.xen2020();
        assertThat(f.view().validPorts()).isEqualTo(64);
        for (int i = 1; i <= 63; i++) {
            f.bindIpi(0);
        }
        assertThat(f.view().validPorts()).isEqualTo(64);
        assertThat(f.bindIpi(0)).isEqualTo(64);
        assertThat(f.view().validPorts()).isEqualTo(128);
        // Not even a reset shrinks it
        assertThat(f.d(new EvtchnIn.Reset(SELF)).rc()).isZero();
        assertThat(f.view().validPorts()).isEqualTo(128);
        assertThat(f.d(new EvtchnIn.Close(100)).errno()).contains(Errno.EINVAL);
        assertThat(f.status(100).status()).isEqualTo(EvtchnStatus.CLOSED);
    }

    @Test
    void abiLimitIsEvaluatedAtAllocationTime() {
        // Given D with max_evtchn_port 5000, 2-level: ports 1..4095, then -ENOSPC at the ABI limit
        Fixture f = Fixture.hostOnly(HostConfig.of(XenProfile.XEN_2020));
        f.host.createDomain(DomainConfig.of(D, f.hvmFlags(false, false), 4).withMaxEvtchnPort(5000));
        for (int i = 1; i <= 4095; i++) {
            f.bindIpi(0);
        }
        assertThat(f.d(new EvtchnIn.BindIpi(0)).errno()).contains(Errno.ENOSPC);
        // When FIFO is engaged the limit grows, up to max_evtchn_port
        f.engageFifo();
        assertThat(f.bindIpi(0)).isEqualTo(4096);
        for (int i = 4097; i <= 5000; i++) {
            assertThat(f.bindIpi(0)).isEqualTo(i);
        }
        assertThat(f.d(new EvtchnIn.BindIpi(0)).errno()).contains(Errno.ENOSPC);
        // After a reset it shrinks again, although ports up to 5055 stay materialised
        assertThat(f.d(new EvtchnIn.Reset(SELF)).rc()).isZero();
        assertThat(f.view().validPorts()).isEqualTo(5056);
        for (int i = 1; i <= 4095; i++) {
            f.bindIpi(0);
        }
        assertThat(f.d(new EvtchnIn.BindIpi(0)).errno()).contains(Errno.ENOSPC);
    }

    @Test
    void dom0HasTheClampedMaximum() {
        Fixture f = Fixture.xen2020();
        assertThat(f.host.requireDomain(0).maxEvtchnPort()).isEqualTo((1L << 31) - 1);
        assertThat(DomainConfig.of(5, 0, 1).withMaxEvtchnPort(1L << 40).effectiveMaxEvtchnPort())
                .isEqualTo((1L << 31) - 1);
    }

    @Test
    void bindingInFifoResetsPriorityTo7() {
        Fixture f = Fixture.xen2020();
        f.engageFifo();
        int port = f.bindIpi(0);
        assertThat(f.d(new EvtchnIn.SetPriority(port, 2)).rc()).isZero();
        f.d(new EvtchnIn.Close(port));
        assertThat(f.d(new EvtchnIn.AllocUnbound(SELF, SELF)).out().port()).isEqualTo(port);
        assertThat(f.port(port).priority()).hasValue(7);
    }

    @Test
    void bindingInTwoLevelTouchesNoGuestMemory() {
        Fixture f = Fixture.xen2020();
        f.bindIpi(0);
        f.d(new EvtchnIn.AllocUnbound(SELF, SELF));
        f.d(new EvtchnIn.BindVirq(0, 0));
        for (int w = 0; w < 64; w++) {
            assertThat(f.shared().pendingWord(w)).isZero();
            assertThat(f.shared().maskWord(w)).isZero();
        }
        assertThat(f.vcpu(0).upcalls()).isZero();
    }

    @Test
    void closeClearsPendingButLeavesTheMaskInTwoLevel() {
        Fixture f = Fixture.xen2020();
        int port = f.bindIpi(2);
        f.shared().setMask(port, true);
        f.d(new EvtchnIn.Send(port));
        assertThat(f.shared().isPending(port)).isTrue();
        assertThat(f.d(new EvtchnIn.Close(port)).rc()).isZero();
        assertThat(f.shared().isPending(port)).isFalse();
        assertThat(f.shared().isMasked(port)).isTrue();
        DomainView.PortView p = f.port(port);
        assertThat(p.state()).isEqualTo(ChannelState.FREE);
        assertThat(p.vcpu()).isZero();
    }

    @Test
    void closeClearsPButLeavesMAndLInFifoAndTheBusyPortIsSkipped() {
        // Given a FIFO D with IPI port 1 queued (L set) and masked afterwards by the guest
        Fixture f = Fixture.xen2020();
        f.engageFifo();
        int port = f.bindIpi(0);
        f.d(new EvtchnIn.ExpandArray(A0));
        f.d(new EvtchnIn.Send(port));
        GuestMemory m = f.host.guestMemory(D);
        m.writeWord(A0, port, m.readWord(A0, port) | EventWord.MASKED);
        // When it is closed
        assertThat(f.d(new EvtchnIn.Close(port)).rc()).isZero();
        // Then P is cleared, M and L stay, and the port is busy: the allocator skips it
        DomainView.EventWordView w = f.port(port).word().orElseThrow();
        assertThat(w.p()).isFalse();
        assertThat(w.m()).isTrue();
        assertThat(w.l()).isTrue();
        assertThat(f.bindIpi(0)).isEqualTo(port + 1);
        // When the guest unlinks it, Then it is handed out again
        m.writeWord(A0, port, m.readWord(A0, port) & ~(EventWord.LINKED | EventWord.LINK_MASK));
        assertThat(f.bindIpi(0)).isEqualTo(port);
    }

    @Test
    void nothingIsBusyInTwoLevel() {
        Fixture f = Fixture.xen2020();
        f.engageFifo();
        int port = f.bindIpi(0);
        f.d(new EvtchnIn.ExpandArray(A0));
        f.d(new EvtchnIn.Send(port));
        f.d(new EvtchnIn.Reset(SELF));
        // The stale L in page A0 no longer matters: 2-level has no event words
        assertThat(f.bindIpi(0)).isEqualTo(port);
    }

    @Test
    void failedOpsWriteNoOutputAndUncopyableOutputKeepsTheAllocation() {
        Fixture f = Fixture.xen2020();
        OpResult<EvtchnOut.AllocUnbound> r = f.host.eventChannelOp(D,
                GuestHandle.uncopyable(new EvtchnIn.AllocUnbound(SELF, SELF)));
        assertThat(r.errno()).contains(Errno.EFAULT);
        assertThat(f.status(1).status()).isEqualTo(EvtchnStatus.UNBOUND);
        // An unreadable argument changes nothing
        assertThat(f.host.eventChannelOp(D, GuestHandle.unreadable(new EvtchnIn.AllocUnbound(SELF, SELF))).errno())
                .contains(Errno.EFAULT);
        assertThat(f.d(new EvtchnIn.AllocUnbound(SELF, SELF)).out().port()).isEqualTo(2);
    }

    @Test
    void unknownCommandIsEnosysBeforeTheArgumentIsLookedAt() {
        Fixture f = Fixture.xen2020();
        assertThat(f.host.eventChannelOp(D, 15, GuestHandle.unreadable(new EvtchnIn.BindIpi(0))).errno())
                .contains(Errno.ENOSYS);
        assertThat(f.host.eventChannelOp(D, -3, null).errno()).contains(Errno.ENOSYS);
    }
}
