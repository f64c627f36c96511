package io.fleetcompat.agent.xen;

import static io.fleetcompat.agent.xen.Fixture.A0;
import static io.fleetcompat.agent.xen.Fixture.A1;
import static io.fleetcompat.agent.xen.Fixture.G0;
import static io.fleetcompat.agent.xen.Fixture.G1;
import static io.fleetcompat.agent.xen.Fixture.SELF;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** §9 scenarios 14-21 and 29: the FIFO ABI and the switch to and from it. */
class FifoScenariosTest {

    @Test
    void scenario14_configLimitStillAppliesUnderFifo() {
        Fixture f = Fixture.xen2020();
        for (int expected = 1; expected <= 1023; expected++) {
            assertThat(f.d(new EvtchnIn.AllocUnbound(SELF, SELF)).out().port()).isEqualTo(expected);
        }
        assertThat(f.d(new EvtchnIn.AllocUnbound(SELF, SELF)).errno()).contains(Errno.ENOSPC);
        // When FIFO is engaged, Then the ABI limit grows but max_evtchn_port still stops allocation
        assertThat(f.d(new EvtchnIn.InitControl(G0, 0, 0)).rc()).isZero();
        assertThat(f.d(new EvtchnIn.AllocUnbound(SELF, SELF)).errno()).contains(Errno.ENOSPC);
    }

    @Test
    void scenario15_pendingTwoLevelEventIsRaisedWhenItsPageArrives() {
        // Given a 2-level D with IPI port 1 sent (pending) and the guest having cleared the upcall flag
        Fixture f = Fixture.xen2020();
        int port = f.bindIpi(0);
        f.d(new EvtchnIn.Send(port));
        assertThat(f.vcpu(0).upcalls()).isEqualTo(1);
        f.shared().vcpuInfo(0).setUpcallPending(false);
        // When D switches to FIFO
        f.engageFifo();
        // Then the binding is preserved
        assertThat(f.view().abi()).isEqualTo(AbiMode.FIFO);
        assertThat(f.status(port)).extracting(EvtchnOut.Status::status, EvtchnOut.Status::vcpu)
                .containsExactly(EvtchnStatus.IPI, 0);
        // When the first array page arrives
        assertThat(f.d(new EvtchnIn.ExpandArray(A0)).rc()).isZero();
        // Then port 1 is queued at priority 7 and vCPU0 gets one more upcall
        DomainView.EventWordView w = f.port(port).word().orElseThrow();
        assertThat(w.p()).isTrue();
        assertThat(w.l()).isTrue();
        DomainView.ControlBlockView cb = f.vcpu(0).controlBlock().orElseThrow();
        assertThat(cb.gfn()).isEqualTo(G0);
        assertThat(cb.head().get(7)).isEqualTo(port);
        assertThat(cb.ready()).isEqualTo(1 << 7);
        assertThat(f.vcpu(0).upcalls()).isEqualTo(2);
        // And the head really is in guest frame G0 (ready at offset 0, head[7] at 8 + 4*7)
        assertThat(f.host.guestMemory(Fixture.D).readWordAt(G0, 8 + 4 * 7)).isEqualTo(port);
    }

    @Test
    void scenario16_controlBlockOffsetChecks() {
        Fixture f = Fixture.xen2020();
        assertThat(f.d(new EvtchnIn.InitControl(G0, 4032, 0)).errno()).contains(Errno.EINVAL);
        assertThat(f.d(new EvtchnIn.InitControl(G0, 12, 0)).errno()).contains(Errno.EINVAL);
        assertThat(f.d(new EvtchnIn.InitControl(G0, 4024, 0)).rc()).isZero();
    }

    @Test
    void scenario17_initControlUnknownVcpu() {
        Fixture f = Fixture.xen2020();
        assertThat(f.d(new EvtchnIn.InitControl(G0, 0, 4)).errno()).contains(Errno.ENOENT);
        assertThat(f.view().abi()).isEqualTo(AbiMode.TWO_LEVEL);
    }

    @Test
    void scenario18_expandArrayNeedsFifo() {
        Fixture f = Fixture.xen2020();
        assertThat(f.d(new EvtchnIn.ExpandArray(A0)).errno()).contains(Errno.EOPNOTSUPP);
    }

    @Test
    void scenario19_arrayHoldsAtMost128Pages() {
        Fixture f = Fixture.xen2020();
        f.engageFifo();
        for (int i = 0; i < 128; i++) {
            assertThat(f.d(new EvtchnIn.ExpandArray(A0 + i)).rc()).isZero();
        }
        assertThat(f.view().fifoArrayPages()).hasSize(128);
        // 128 pages of 1024 words: event words for ports 0..131071
        FifoAbi fifo = (FifoAbi) f.host.requireDomain(Fixture.D).portOps();
        assertThat(fifo.wordExists(131071)).isTrue();
        assertThat(fifo.wordExists(131072)).isFalse();
        assertThat(f.d(new EvtchnIn.ExpandArray(A0 + 128)).errno()).contains(Errno.ENOSPC);
        assertThat(f.view().fifoArrayPages()).hasSize(128);
    }

    @Test
    void scenario20_setPriorityChecks() {
        Fixture f = Fixture.xen2020();
        int port = f.bindIpi(0);
        // 2-level: no priorities at all
        assertThat(f.d(new EvtchnIn.SetPriority(port, 3)).errno()).contains(Errno.ENOSYS);
        f.engageFifo();
        assertThat(f.d(new EvtchnIn.SetPriority(port, 16)).errno()).contains(Errno.EINVAL);
        assertThat(f.d(new EvtchnIn.SetPriority(port, 15)).rc()).isZero();
        assertThat(f.port(port).priority()).hasValue(15);
        assertThat(f.d(new EvtchnIn.SetPriority(64, 1)).errno()).contains(Errno.EINVAL);
    }

    @Test
    void scenario21_resetReturnsFifoDomainToTwoLevel() {
        // Given a FIFO D with ports 1..3 bound
        Fixture f = Fixture.xen2020();
        f.engageFifo();
        f.d(new EvtchnIn.ExpandArray(A0));
        f.bindIpi(0);
        f.bindIpi(1);
        f.bindIpi(2);
        // When D resets itself
        assertThat(f.d(new EvtchnIn.Reset(SELF)).rc()).isZero();
        // Then the ports are closed, D is 2-level and can engage FIFO again
        assertThat(f.status(2).status()).isEqualTo(EvtchnStatus.CLOSED);
        assertThat(f.view().abi()).isEqualTo(AbiMode.TWO_LEVEL);
        assertThat(f.d(new EvtchnIn.ExpandArray(A1)).errno()).contains(Errno.EOPNOTSUPP);
        assertThat(f.d(new EvtchnIn.InitControl(G0, 0, 0)).rc()).isZero();
    }

    @Test
    void scenario29_secondControlBlockForSameVcpuIsRefused() {
        // Given a FIFO D (as a kexec'd kernel would find it)
        Fixture f = Fixture.xen2020();
        f.engageFifo();
        // When init_control names vCPU0 again, Then -EINVAL and Xen stays FIFO with the old block
        assertThat(f.d(new EvtchnIn.InitControl(G1, 0, 0)).errno()).contains(Errno.EINVAL);
        assertThat(f.view().abi()).isEqualTo(AbiMode.FIFO);
        assertThat(f.vcpu(0).controlBlock().orElseThrow().gfn()).isEqualTo(G0);
    }
}
