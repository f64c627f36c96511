package io.fleetcompat.agent.xen;

import static io.fleetcompat.agent.xen.Fixture.D;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * uint32_t and evtchn_port_t fields travel as Java ints holding the same 32 bits: a value above 2^31 - 1 is a
 * negative int, and the model must treat it as the huge unsigned value Xen sees, never as a small negative one.
 */
class UnsignedFieldsTest {

    /** 4294967295 as the int with the same bits. */
    private static final int U32_MAX = -1;
    /** 2^31: the first value that does not fit a Java int. */
    private static final int TWO_POW_31 = Integer.MIN_VALUE;

    @Test
    void shouldAnswerHugePortsAndVcpusWithXensErrno() {
        Fixture f = Fixture.xen2020();
        assertThat(f.d(new EvtchnIn.Close(U32_MAX)).errno()).contains(Errno.EINVAL);
        assertThat(f.d(new EvtchnIn.Send(TWO_POW_31)).errno()).contains(Errno.EINVAL);
        assertThat(f.d(new EvtchnIn.BindIpi(U32_MAX)).errno()).contains(Errno.ENOENT);
        // the vCPU is checked before the port (§2.3 bind_vcpu)
        assertThat(f.d(new EvtchnIn.BindVcpu(U32_MAX, U32_MAX)).errno()).contains(Errno.ENOENT);
        assertThat(f.d(new EvtchnIn.BindVirq(U32_MAX, 0)).errno()).contains(Errno.EINVAL);
        assertThat(f.d(new EvtchnIn.BindPirq(TWO_POW_31, 0)).errno()).contains(Errno.EINVAL);
        assertThat(f.d(new EvtchnIn.InitControl(Fixture.G0, U32_MAX, 0)).errno()).contains(Errno.EINVAL);
        assertThat(f.d(new EvtchnIn.InitControl(-1L, 0, 0)).errno()).contains(Errno.EINVAL);
        assertThat(f.host.setEvtchnUpcallVector(D, U32_MAX, 0xF3).errno()).contains(Errno.ENOENT);
    }

    @Test
    void shouldKeepAPriorityAboveFifteenOutEvenWhenItLooksNegative() {
        Fixture f = Fixture.xen2020();
        int port = f.bindIpi(0);
        f.engageFifo();
        assertThat(f.d(new EvtchnIn.SetPriority(port, U32_MAX)).errno()).contains(Errno.EINVAL);
        assertThat(f.d(new EvtchnIn.SetPriority(port, 15)).isOk()).isTrue();
    }

    @Test
    void shouldRejectMaxVcpusAboveTheArchLimitNotBelowOne() {
        Fixture f = Fixture.hostOnly(HostConfig.of(XenProfile.XEN_2020));
        CreateResult r = f.host.createDomain(DomainConfig.of(5, f.hvmFlags(false, false), U32_MAX));
        assertThat(r).isInstanceOf(CreateResult.Rejected.class);
        assertThat(((CreateResult.Rejected) r).reason()).isEqualTo("max_vcpus 4294967295 above the limit of 128");
    }

    @Test
    void shouldReportUint32ArgumentsUnsignedToObservers() {
        Fixture f = Fixture.xen2020();
        f.d(new EvtchnIn.Close(U32_MAX));
        XenEvent.Hypercall close = (XenEvent.Hypercall) f.events.get(f.events.size() - 1);
        assertThat(close.args()).containsEntry("port", 4294967295L);
        assertThat(close.rc()).isEqualTo(Errno.EINVAL.rc());
    }

    @Test
    void shouldAnswerAnHvmSubOpBeyondAnIntWithEnosys() {
        Fixture f = Fixture.xen2020();
        assertThat(f.host.hvmOp(D, -1L, null).errno()).contains(Errno.ENOSYS);
        assertThat(f.host.hvmOp(D, 23L + (1L << 32), null).errno()).contains(Errno.ENOSYS);
    }
}
