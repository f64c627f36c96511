package io.fleetcompat.agent.xen;

import static io.fleetcompat.agent.xen.Fixture.A0;
import static io.fleetcompat.agent.xen.Fixture.A1;
import static io.fleetcompat.agent.xen.Fixture.D;
import static io.fleetcompat.agent.xen.Fixture.G0;
import static io.fleetcompat.agent.xen.Fixture.G1;
import static io.fleetcompat.agent.xen.Fixture.SELF;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** §4.3-§4.6: init_control set-up, expand_array re-raise and the raise algorithm step by step. */
class FifoRulesTest {

    private static GuestMemory mem(Fixture f) {
        return f.host.guestMemory(D);
    }

    /** What a consuming guest does to a word: clear L and LINK. */
    private static void unlink(Fixture f, long page, int port) {
        mem(f).writeWord(page, port, mem(f).readWord(page, port) & ~(EventWord.LINKED | EventWord.LINK_MASK));
    }

    @Test
    void furtherVcpusRegisterTheirOwnBlockOnce() {
        Fixture f = Fixture.xen2020();
        f.engageFifo();
        OpResult<EvtchnOut.InitControl> r = f.d(new EvtchnIn.InitControl(G1, 72, 1));
        assertThat(r.out().linkBits()).isEqualTo(17);
        assertThat(f.vcpu(1).controlBlock().orElseThrow()).extracting(DomainView.ControlBlockView::gfn,
                DomainView.ControlBlockView::offset).containsExactly(G1, 72);
        assertThat(f.d(new EvtchnIn.InitControl(G1, 144, 1)).errno()).contains(Errno.EINVAL);
        assertThat(f.vcpu(2).controlBlock()).isEmpty();
        // A bad frame for a further vCPU is -EINVAL and changes nothing
        assertThat(f.d(new EvtchnIn.InitControl(GuestMemory.MAX_GFN + 1, 0, 2)).errno()).contains(Errno.EINVAL);
        assertThat(f.vcpu(2).controlBlock()).isEmpty();
        assertThat(f.view().abi()).isEqualTo(AbiMode.FIFO);
    }

    @Test
    void switchSetsPriority7AndDoesNotCarryTwoLevelMasks() {
        // Given 2-level port 1 masked and pending, priority left at 3 from an earlier FIFO session
        Fixture f = Fixture.xen2020();
        f.engageFifo();
        int port = f.bindIpi(0);
        f.d(new EvtchnIn.SetPriority(port, 3));
        f.d(new EvtchnIn.Reset(SELF));
        assertThat(f.bindIpi(0)).isEqualTo(port);
        f.shared().setMask(port, true);
        f.d(new EvtchnIn.Send(port));
        assertThat(f.vcpu(0).upcalls()).isZero();
        // When FIFO is engaged and the page arrives
        f.engageFifo();
        assertThat(f.port(port).priority()).hasValue(7);
        f.d(new EvtchnIn.ExpandArray(A0));
        // Then the saved event is queued at 7: the 2-level mask bit was not carried over
        DomainView.EventWordView w = f.port(port).word().orElseThrow();
        assertThat(w.p()).isTrue();
        assertThat(w.m()).isFalse();
        assertThat(w.l()).isTrue();
        assertThat(f.vcpu(0).controlBlock().orElseThrow().head().get(7)).isEqualTo(port);
        assertThat(f.vcpu(0).upcalls()).isEqualTo(1);
        // And the 2-level bitmaps were left as they were
        assertThat(f.shared().isPending(port)).isTrue();
        assertThat(f.shared().isMasked(port)).isTrue();
    }

    @Test
    void eventsBeforeTheirPageAreHeldAndRaisedOnExpand() {
        Fixture f = Fixture.xen2020();
        f.engageFifo();
        int port = f.bindIpi(2);
        f.d(new EvtchnIn.InitControl(G1, 0, 2));
        f.d(new EvtchnIn.Send(port));
        assertThat(f.port(port).word()).isEmpty();
        assertThat(f.vcpu(2).upcalls()).isZero();
        f.d(new EvtchnIn.ExpandArray(A0));
        assertThat(f.vcpu(2).controlBlock().orElseThrow().head().get(7)).isEqualTo(port);
        assertThat(f.vcpu(2).upcalls()).isEqualTo(1);
    }

    @Test
    void savedPendingIsStickyAndReRaisesEvenAFreePort() {
        // Given port 1 pending in 2-level, carried into FIFO and raised on expand
        Fixture f = Fixture.xen2020();
        int port = f.bindIpi(0);
        f.d(new EvtchnIn.Send(port));
        f.engageFifo();
        f.d(new EvtchnIn.ExpandArray(A0));
        assertThat(f.port(port).word().orElseThrow().l()).isTrue();
        // And the event consumed, the port closed, the domain reset
        unlink(f, A0, port);
        f.d(new EvtchnIn.Close(port));
        f.d(new EvtchnIn.Reset(SELF));
        // (the stale 2-level pending bit is cleared too, so only the sticky flag is left)
        f.shared().setPending(port, false);
        // When a new FIFO session adds a page covering it (a fresh frame this time)
        f.d(new EvtchnIn.InitControl(G1, 0, 0));
        f.d(new EvtchnIn.ExpandArray(A1));
        // Then the FREE port is raised again and is now busy
        DomainView.PortView p = f.port(port);
        assertThat(p.state()).isEqualTo(ChannelState.FREE);
        assertThat(p.word().orElseThrow().p()).isTrue();
        assertThat(p.word().orElseThrow().l()).isTrue();
        assertThat(f.vcpu(0).controlBlock().orElseThrow().head().get(7)).isEqualTo(port);
        assertThat(f.bindIpi(0)).isEqualTo(port + 1);
    }

    @Test
    void expandCoversExactly1024PortsPerPage() {
        Fixture f = Fixture.hostOnly(HostConfig.of(XenProfile.XEN_2020));
        f.host.createDomain(DomainConfig.of(D, f.hvmFlags(false, false), 1).withMaxEvtchnPort(2000));
        f.engageFifo();
        for (int i = 1; i <= 1024; i++) {
            f.bindIpi(0);
        }
        f.d(new EvtchnIn.Send(1023));
        f.d(new EvtchnIn.Send(1024));
        f.d(new EvtchnIn.ExpandArray(A0));
        assertThat(f.port(1023).word().orElseThrow().p()).isTrue();
        assertThat(f.port(1024).word()).isEmpty();
        f.d(new EvtchnIn.ExpandArray(A1));
        assertThat(f.port(1024).word().orElseThrow().p()).isTrue();
        assertThat(mem(f).readWord(A1, 0)).isEqualTo(EventWord.PENDING | EventWord.LINKED);
    }

    @Test
    void secondEventOnTheSameQueueIsLinkedFromTheTail() {
        Fixture f = Fixture.xen2020();
        f.engageFifo();
        int a = f.bindIpi(0);
        int b = f.bindIpi(0);
        f.d(new EvtchnIn.ExpandArray(A0));
        f.d(new EvtchnIn.Send(a));
        f.shared().vcpuInfo(0).setUpcallPending(false);
        f.d(new EvtchnIn.Send(b));
        assertThat(f.port(a).word().orElseThrow().link()).isEqualTo(b);
        assertThat(f.vcpu(0).controlBlock().orElseThrow().head().get(7)).isEqualTo(a);
        assertThat(f.vcpu(0).controlBlock().orElseThrow().ready()).isEqualTo(1 << 7);
        // "linked" sets no ready bit and marks nothing pending
        assertThat(f.vcpu(0).upcalls()).isEqualTo(1);
        assertThat(f.vcpu(0).upcallPending()).isFalse();
    }

    @Test
    void aConsumedTailIsNotLinkedIntoTheHeadIsWrittenInstead() {
        Fixture f = Fixture.xen2020();
        f.engageFifo();
        int a = f.bindIpi(0);
        int b = f.bindIpi(0);
        f.d(new EvtchnIn.ExpandArray(A0));
        f.d(new EvtchnIn.Send(a));
        // The guest consumes a: ready exchanged, L cleared, handler clears P and the upcall flag
        FifoControlBlock cb = new FifoControlBlock(G0, 0);
        cb.exchangeReady(mem(f));
        unlink(f, A0, a);
        f.shared().vcpuInfo(0).setUpcallPending(false);
        f.d(new EvtchnIn.Send(b));
        assertThat(f.port(a).word().orElseThrow().link()).isZero();
        assertThat(f.vcpu(0).controlBlock().orElseThrow().head().get(7)).isEqualTo(b);
        assertThat(f.vcpu(0).controlBlock().orElseThrow().ready()).isEqualTo(1 << 7);
        assertThat(f.vcpu(0).upcalls()).isEqualTo(2);
    }

    @Test
    void movingToAnotherQueueResetsTheLastQueuesTail() {
        Fixture f = Fixture.xen2020();
        f.engageFifo();
        int p = f.bindIpi(0);
        int q = f.bindIpi(0);
        f.d(new EvtchnIn.ExpandArray(A0));
        // p queued at 7 (tail of queue 7), then consumed
        f.d(new EvtchnIn.Send(p));
        unlink(f, A0, p);
        mem(f).writeWord(A0, p, mem(f).readWord(A0, p) & ~EventWord.PENDING);
        // p raised again at priority 3: queue 7's tail (p) must be reset to 0
        f.d(new EvtchnIn.SetPriority(p, 3));
        f.d(new EvtchnIn.Send(p));
        assertThat(f.vcpu(0).controlBlock().orElseThrow().head().get(3)).isEqualTo(p);
        // When q is raised at 7, Then it becomes head of 7 rather than being linked behind p (now LINKED on 3)
        f.d(new EvtchnIn.Send(q));
        assertThat(f.port(p).word().orElseThrow().link()).isZero();
        assertThat(f.vcpu(0).controlBlock().orElseThrow().head().get(7)).isEqualTo(q);
        assertThat(f.vcpu(0).controlBlock().orElseThrow().ready()).isEqualTo((1 << 7) | (1 << 3));
    }

    @Test
    void maskedOrLinkedWordsAreNotQueuedAgain() {
        Fixture f = Fixture.xen2020();
        f.engageFifo();
        int p = f.bindIpi(0);
        f.d(new EvtchnIn.ExpandArray(A0));
        mem(f).writeWord(A0, p, EventWord.MASKED);
        f.d(new EvtchnIn.Send(p));
        assertThat(f.port(p).word().orElseThrow()).extracting(DomainView.EventWordView::p,
                DomainView.EventWordView::l).containsExactly(true, false);
        assertThat(f.vcpu(0).controlBlock().orElseThrow().ready()).isZero();
        assertThat(f.vcpu(0).upcalls()).isZero();
        // Unmask (hypercall) clears M and queues the pending event
        f.d(new EvtchnIn.Unmask(p));
        assertThat(f.port(p).word().orElseThrow()).extracting(DomainView.EventWordView::m,
                DomainView.EventWordView::l).containsExactly(false, true);
        assertThat(f.vcpu(0).upcalls()).isEqualTo(1);
        // A further send while still LINKED queues nothing more
        f.shared().vcpuInfo(0).setUpcallPending(false);
        f.d(new EvtchnIn.Send(p));
        assertThat(f.vcpu(0).upcalls()).isEqualTo(1);
    }

    @Test
    void setPriorityLeavesAQueuedEventWhereItIs() {
        Fixture f = Fixture.xen2020();
        f.engageFifo();
        int p = f.bindIpi(0);
        f.d(new EvtchnIn.ExpandArray(A0));
        f.d(new EvtchnIn.Send(p));
        assertThat(f.d(new EvtchnIn.SetPriority(p, 0)).rc()).isZero();
        assertThat(f.vcpu(0).controlBlock().orElseThrow().head()).containsExactly(0, 0, 0, 0, 0, 0, 0, p, 0, 0, 0,
                0, 0, 0, 0, 0);
        assertThat(f.vcpu(0).controlBlock().orElseThrow().ready()).isEqualTo(1 << 7);
    }

    @Test
    void unmaskInFifoWithoutAPageDoesNothing() {
        Fixture f = Fixture.xen2020();
        f.engageFifo();
        int p = f.bindIpi(0);
        assertThat(f.d(new EvtchnIn.Unmask(p)).rc()).isZero();
        assertThat(f.port(p).word()).isEmpty();
        assertThat(f.vcpu(0).upcalls()).isZero();
    }

    @Test
    void fifoNeverTouchesTheTwoLevelBitmapsOrSelector() {
        Fixture f = Fixture.xen2020();
        f.engageFifo();
        int p = f.bindIpi(0);
        f.d(new EvtchnIn.ExpandArray(A0));
        f.d(new EvtchnIn.Send(p));
        f.d(new EvtchnIn.Close(p));
        assertThat(f.shared().pendingWord(0)).isZero();
        assertThat(f.vcpu(0).pendingSel()).isZero();
    }

    @Test
    void expandArrayChecksTheGateThenFifoThenPagesThenTheFrame() {
        Fixture denied = Fixture.proposed(false, true);
        assertThat(denied.d(new EvtchnIn.ExpandArray(GuestMemory.MAX_GFN + 1)).errno()).contains(Errno.ENOSYS);
        Fixture f = Fixture.xen2020();
        assertThat(f.d(new EvtchnIn.ExpandArray(GuestMemory.MAX_GFN + 1)).errno()).contains(Errno.EOPNOTSUPP);
        f.engageFifo();
        assertThat(f.d(new EvtchnIn.ExpandArray(-1)).errno()).contains(Errno.EINVAL);
        assertThat(f.view().fifoArrayPages()).isEmpty();
    }

    @Test
    void arrayOf128PagesCovers131072Words() {
        Fixture f = Fixture.xen2020();
        f.engageFifo();
        for (int i = 0; i < 128; i++) {
            f.d(new EvtchnIn.ExpandArray(A0 + i));
        }
        FifoAbi fifo = (FifoAbi) f.host.requireDomain(D).portOps();
        assertThat(fifo.wordExists(131071)).isTrue();
        assertThat(fifo.wordExists(131072)).isFalse();
        assertThat(fifo.maxPorts()).isEqualTo(131072);
    }
}
