package io.fleetcompat.agent.xen;

import static io.fleetcompat.agent.xen.Fixture.A0;
import static io.fleetcompat.agent.xen.Fixture.D;
import static io.fleetcompat.agent.xen.Fixture.G0;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** §9 scenarios 1-5 and 30: create flags, the PROPOSED gates and the upcall-vector op. */
class DomainCreationScenariosTest {

    @Test
    void scenario01_xen2020RejectsBit7AsUnknownFlag() {
        // Given a XEN_2020 host
        XenHost host = XenHost.of(XenProfile.XEN_2020);
        // When createdomain asks for hvm|hap|bit7
        CreateResult r = host.createDomain(DomainConfig.of(D, 0b1000_0011, 4));
        // Then it is rejected as an unknown flag
        assertThat(r.rc()).isEqualTo(Errno.EINVAL.rc());
        assertThat(((CreateResult.Rejected) r).reason()).contains("unknown create flags 0x80");
    }

    @Test
    void scenario02_proposedWithEvtchnFifoEngagesFifo() {
        // Given PROPOSED and D created with EVTCHN_FIFO
        Fixture f = Fixture.proposed(true, true);
        // When D issues init_control(G0, 0, vCPU0)
        OpResult<EvtchnOut.InitControl> r = f.d(new EvtchnIn.InitControl(G0, 0, 0));
        // Then it succeeds with link_bits 17 and D is FIFO
        assertThat(r.rc()).isZero();
        assertThat(r.out().linkBits()).isEqualTo(17);
        assertThat(f.view().abi()).isEqualTo(AbiMode.FIFO);
    }

    @Test
    void scenario03_proposedWithoutEvtchnFifoDeniesAllThreeFifoOps() {
        // Given PROPOSED and D created without EVTCHN_FIFO
        Fixture f = Fixture.proposed(false, true);
        // When D issues the three FIFO ops
        // Then each returns -ENOSYS and D stays 2-level
        assertThat(f.d(new EvtchnIn.InitControl(G0, 0, 0)).errno()).contains(Errno.ENOSYS);
        assertThat(f.d(new EvtchnIn.ExpandArray(A0)).errno()).contains(Errno.ENOSYS);
        assertThat(f.d(new EvtchnIn.SetPriority(1, 3)).errno()).contains(Errno.ENOSYS);
        assertThat(f.view().abi()).isEqualTo(AbiMode.TWO_LEVEL);
    }

    @Test
    void scenario04_proposedRejectsEvtchnUpcallForPv() {
        // Given a PROPOSED host
        XenHost host = XenHost.of(XenProfile.PROPOSED);
        // When a PV domain asks for EVTCHN_UPCALL
        CreateResult r = host.createDomain(DomainConfig.of(D, CreateFlag.EVTCHN_UPCALL.mask(), 1));
        // Then createdomain fails with -EINVAL
        assertThat(r.rc()).isEqualTo(Errno.EINVAL.rc());
        assertThat(((CreateResult.Rejected) r).reason()).contains("evtchn_upcall");
    }

    @Test
    void scenario05_upcallVectorNeedsEvtchnUpcall() {
        // Given PROPOSED, an HVM D without EVTCHN_UPCALL
        Fixture denied = Fixture.proposed(true, false);
        // When it sets an upcall vector, Then -ENOSYS
        assertThat(denied.host.setEvtchnUpcallVector(D, 0, 0xF3).errno()).contains(Errno.ENOSYS);
        assertThat(denied.vcpu(0).upcalls()).isZero();

        // Given the flag, When the same op is issued
        Fixture permitted = Fixture.proposed(true, true);
        OpResult<HvmOut> r = permitted.host.setEvtchnUpcallVector(D, 0, 0xF3);
        // Then 0, and vector 0xF3 is injected once on vCPU0
        assertThat(r.rc()).isZero();
        DomainView.VcpuView v0 = permitted.vcpu(0);
        assertThat(v0.upcallVector()).isEqualTo(0xF3);
        assertThat(v0.upcalls()).isEqualTo(1);
        assertThat(v0.vectorInjections()).isEqualTo(1);
    }

    @Test
    void scenario30_upcallVectorChecksVectorBeforeVcpu() {
        // Given HVM D with the upcall vector permitted
        Fixture f = Fixture.xen2020();
        // When / Then: bad vector wins over bad vCPU, then the vCPU, then success
        assertThat(f.host.setEvtchnUpcallVector(D, 4, 0x0F).errno()).contains(Errno.EINVAL);
        assertThat(f.host.setEvtchnUpcallVector(D, 4, 0xF3).errno()).contains(Errno.ENOENT);
        assertThat(f.host.setEvtchnUpcallVector(D, 0, 0xF3).rc()).isZero();
        assertThat(f.vcpu(0).upcallVector()).isEqualTo(0xF3);
    }

    @Test
    void scenario30_sameOrderUnderProposedWithEvtchnUpcall() {
        Fixture f = Fixture.proposed(true, true);
        assertThat(f.host.setEvtchnUpcallVector(D, 4, 0x0F).errno()).contains(Errno.EINVAL);
        assertThat(f.host.setEvtchnUpcallVector(D, 4, 0xF3).errno()).contains(Errno.ENOENT);
        assertThat(f.vcpu(0).upcalls()).isZero();
        assertThat(f.host.setEvtchnUpcallVector(D, 0, 0xF3).rc()).isZero();
        assertThat(f.vcpu(0).upcalls()).isEqualTo(1);
    }
}
