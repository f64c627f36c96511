package io.fleetcompat.agent.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.xen.Toolstack;
import io.fleetcompat.agent.xen.XenHost;
import io.fleetcompat.agent.xen.XenProfile;
import org.junit.jupiter.api.Test;

/** §6: the Windows PV drivers use the per-vCPU upcall vector where permitted, else the global callback. */
class WindowsPvKernelTest {

    @Test
    void usesPerVcpuVectorWhenPermitted() {
        XenHost host = XenHost.of(XenProfile.PROPOSED);
        new Toolstack(host).createGuest(Toolstack.GuestSpec.hvm(1, 2)).orElseThrow();
        WindowsPvKernel k = WindowsPvKernel.boot(host, 1, KernelProfile.WINDOWS_PV_DRIVERS);
        assertThat(k.upcallModes()).containsValues(WindowsPvKernel.UpcallMode.PER_VCPU_VECTOR);
        assertThat(host.inspect(1).vcpu(1).upcallVector()).isEqualTo(WindowsPvKernel.UPCALL_VECTOR);
        // Events are then delivered through the vector
        assertThat(k.probe().healthy()).isTrue();
        assertThat(host.inspect(1).vcpu(0).vectorInjections()).isGreaterThan(1);
    }

    @Test
    void fallsBackToGlobalCallbackWhenDenied() {
        XenHost host = XenHost.of(XenProfile.PROPOSED);
        new Toolstack(host).createGuest(Toolstack.GuestSpec.hvm(1, 2).withUpcall(false)).orElseThrow();
        WindowsPvKernel k = WindowsPvKernel.boot(host, 1, KernelProfile.WINDOWS_PV_DRIVERS);
        assertThat(k.upcallModes().values()).containsOnly(WindowsPvKernel.UpcallMode.GLOBAL_CALLBACK);
        assertThat(k.log()).anyMatch(l -> l.contains("ENOSYS"));
        assertThat(k.probe().healthy()).isTrue();
        assertThat(host.inspect(1).vcpu(0).callbackInjections()).isPositive();
    }
}
