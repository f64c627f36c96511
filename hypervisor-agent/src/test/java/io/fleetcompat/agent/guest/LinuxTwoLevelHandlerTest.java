package io.fleetcompat.agent.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.xen.EvtchnIn;
import io.fleetcompat.agent.xen.SharedInfo;
import io.fleetcompat.agent.xen.Toolstack;
import io.fleetcompat.agent.xen.XenHost;
import io.fleetcompat.agent.xen.XenProfile;
import org.junit.jupiter.api.Test;

/** Linux's 2-level upcall handler (§3.4): the CPU's own ports only, and the timer VIRQ first. */
class LinuxTwoLevelHandlerTest {

    private static final int D = 1;
    private static final KernelProfile K = KernelProfile.LINUX_5_10;

    @Test
    void shouldHandleTheTimerVirqFirstEvenWithoutItsSelectorBit() {
        // Given a 2-level Linux guest (FIFO withheld) whose timer port went pending with no selector bit set
        XenHost host = XenHost.of(XenProfile.PROPOSED);
        new Toolstack(host).createGuest(Toolstack.GuestSpec.hvm(D, 1).withFifo(false)).orElseThrow();
        LinuxKernel k = LinuxKernel.boot(host, D, K, LinuxKernel.BootOptions.defaults(K));
        int timer = k.bindings().stream().filter(b -> b.kind() == PortBinding.Kind.VIRQ).findFirst().orElseThrow()
                .port();
        int ipi = k.bindings().stream().filter(b -> b.kind() == PortBinding.Kind.IPI).findFirst().orElseThrow()
                .port();
        SharedInfo s = host.sharedInfo(D);
        s.setPending(timer, true);
        assertThat(s.vcpuInfo(0).pendingSel()).isZero();
        // And an IPI raised the usual way
        host.eventChannelOp(D, new EvtchnIn.Send(ipi)).out();
        // When CPU0's handler runs, Then the timer is taken first (outside the selector scan), then the IPI
        assertThat(k.consume(0)).containsExactly(timer, ipi);
        assertThat(s.isPending(timer)).isFalse();
    }
}
