package io.fleetcompat.agent.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.Errno;
import io.fleetcompat.agent.xen.EvtchnIn;
import io.fleetcompat.agent.xen.FaultPoint;
import io.fleetcompat.agent.xen.ModelEvent;
import io.fleetcompat.agent.xen.Toolstack;
import io.fleetcompat.agent.xen.XenEvent;
import io.fleetcompat.agent.xen.XenHost;
import io.fleetcompat.agent.xen.XenProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** §7.1 boot and §7.2 save/restore rules of the Linux guest model, and §9 scenario 29 from the guest side. */
class LinuxBootRulesTest {

    private static final int D = 1;
    private static final KernelProfile K = KernelProfile.LINUX_5_10;

    private static List<XenEvent.Hypercall> calls(List<ModelEvent> seen, String name) {
        return seen.stream().filter(XenEvent.Hypercall.class::isInstance).map(XenEvent.Hypercall.class::cast)
                .filter(h -> h.cmdName().equals(name)).toList();
    }

    @Test
    void fifoEventsOffIssuesNoInitControl() {
        XenHost host = XenHost.of(XenProfile.PROPOSED);
        new Toolstack(host).createGuest(Toolstack.GuestSpec.hvm(D, 2)).orElseThrow();
        List<ModelEvent> seen = new ArrayList<>();
        host.addObserver(seen::add);
        LinuxKernel k = LinuxKernel.boot(host, D, K, LinuxKernel.BootOptions.defaults(K).withFifoEvents(false));
        assertThat(calls(seen, "init_control")).isEmpty();
        assertThat(k.log()).contains("Using 2-level ABI");
        assertThat(host.inspect(D).abi()).isEqualTo(AbiMode.TWO_LEVEL);
        assertThat(k.probe().healthy()).isTrue();
    }

    @Test
    void fifoBootUsesOneZeroedPageAtOffsetZeroForTheBootCpu() {
        XenHost host = XenHost.of(XenProfile.PROPOSED);
        new Toolstack(host).createGuest(Toolstack.GuestSpec.hvm(D, 2)).orElseThrow();
        List<ModelEvent> seen = new ArrayList<>();
        host.addObserver(seen::add);
        LinuxKernel k = LinuxKernel.load(host, D, K, LinuxKernel.BootOptions.defaults(K));
        k.initIrq();
        List<XenEvent.Hypercall> init = calls(seen, "init_control");
        assertThat(init).hasSize(1);
        assertThat(init.get(0).args()).containsEntry("offset", 0L).containsEntry("vcpu", 0L);
        assertThat(init.get(0).rc()).isZero();
        assertThat(k.log()).containsExactly("Using FIFO-based ABI");
        // No array page yet, so nothing is masked
        assertThat(calls(seen, "expand_array")).isEmpty();
        assertThat(host.inspect(D).fifoArrayPages()).isEmpty();
    }

    @Test
    void anyErrorOrAGuestAllocationFailureMeansTwoLevel() {
        // -ENOMEM from Xen
        XenHost host = XenHost.of(XenProfile.PROPOSED);
        new Toolstack(host).createGuest(Toolstack.GuestSpec.hvm(D, 1)).orElseThrow();
        host.faults().failNext(FaultPoint.GFN_MAP, Errno.ENOMEM);
        LinuxKernel k = LinuxKernel.load(host, D, K, LinuxKernel.BootOptions.defaults(K));
        k.initIrq();
        assertThat(k.log()).containsExactly("Using 2-level ABI");
        assertThat(host.inspect(D).abi()).isEqualTo(AbiMode.TWO_LEVEL);
        // the guest's own page allocation fails
        XenHost host2 = XenHost.of(XenProfile.PROPOSED);
        new Toolstack(host2).createGuest(Toolstack.GuestSpec.hvm(D, 1)).orElseThrow();
        LinuxKernel k2 = LinuxKernel.load(host2, D, K, LinuxKernel.BootOptions.defaults(K));
        k2.pages().failNextAllocations(1);
        k2.initIrq();
        assertThat(k2.log()).containsExactly("Using 2-level ABI");
        assertThat(host2.inspect(D).abi()).isEqualTo(AbiMode.TWO_LEVEL);
        assertThat(host2.sharedInfo(D).isMasked(4095)).isTrue();
    }

    @Test
    void aSecondaryCpuWhoseInitControlFailsStaysOffline() {
        XenHost host = XenHost.of(XenProfile.PROPOSED);
        new Toolstack(host).createGuest(Toolstack.GuestSpec.hvm(D, 3)).orElseThrow();
        LinuxKernel k = LinuxKernel.load(host, D, K, LinuxKernel.BootOptions.defaults(K));
        k.initIrq();
        host.faults().failNext(FaultPoint.GFN_MAP, Errno.ENOMEM);
        k.bringUpCpus(3);
        assertThat(k.onlineCpus()).containsExactlyInAnyOrder(0, 2);
        assertThat(host.inspect(D).vcpu(1).controlBlock()).isEmpty();
        assertThat(host.inspect(D).vcpu(2).controlBlock()).isPresent();
    }

    @Test
    void failureToAddTheFirstArrayPagePanics() {
        XenHost host = XenHost.of(XenProfile.PROPOSED);
        new Toolstack(host).createGuest(Toolstack.GuestSpec.hvm(D, 1)).orElseThrow();
        LinuxKernel k = LinuxKernel.load(host, D, K, LinuxKernel.BootOptions.defaults(K));
        k.initIrq();
        k.bringUpCpus(1);
        host.faults().failNext(FaultPoint.GFN_MAP, Errno.ENOMEM);
        k.bindStandardChannels();
        assertThat(k.state()).isEqualTo(LinuxKernel.State.CRASHED);
    }

    @Test
    void restoreRebuildsTheEventLayerAndStaysTwoLevelForATwoLevelGuest() {
        XenHost a = XenHost.of(XenProfile.PROPOSED);
        new Toolstack(a).createGuest(Toolstack.GuestSpec.hvm(D, 2).withFifo(false)).orElseThrow();
        GuestImage image = LinuxKernel.boot(a, D, K, LinuxKernel.BootOptions.defaults(K)).save();
        XenHost b = XenHost.of(XenProfile.PROPOSED);
        List<ModelEvent> seen = new ArrayList<>();
        b.addObserver(seen::add);
        new Toolstack(b).createGuest(Toolstack.GuestSpec.hvm(D, 2)).orElseThrow();
        LinuxLifecycle.RestoreResult r = LinuxKernel.restore(b, D, image);
        // The new domain would permit FIFO, but a 2-level guest does not re-negotiate
        assertThat(calls(seen, "init_control")).isEmpty();
        assertThat(r.rc()).isZero();
        assertThat(r.abi()).isEqualTo(AbiMode.TWO_LEVEL);
        assertThat(r.xenAbi()).isEqualTo(AbiMode.TWO_LEVEL);
        // Every per-CPU VIRQ and IPI was re-bound with hypercalls
        assertThat(calls(seen, "bind_virq")).hasSize(2);
        assertThat(calls(seen, "bind_ipi")).hasSize(4);
        assertThat(r.kernel().probe().healthy()).isTrue();
    }

    @Test
    void scenario29_kexecKernelFallsBackWhileXenStaysFifo() {
        // Given a FIFO domain whose vCPU0 block is registered (the first kernel)
        XenHost host = XenHost.of(XenProfile.PROPOSED);
        new Toolstack(host).createGuest(Toolstack.GuestSpec.hvm(D, 1)).orElseThrow();
        LinuxKernel first = LinuxKernel.boot(host, D, K, LinuxKernel.BootOptions.defaults(K));
        assertThat(first.abi()).isEqualTo(AbiMode.FIFO);
        List<ModelEvent> seen = new ArrayList<>();
        host.addObserver(seen::add);
        // When a kexec'd kernel runs xen_init_IRQ
        LinuxKernel second = LinuxKernel.load(host, D, K, LinuxKernel.BootOptions.defaults(K));
        second.initIrq();
        // Then its init_control(vCPU0) is -EINVAL, it uses 2-level, and Xen stays FIFO
        assertThat(calls(seen, "init_control")).extracting(XenEvent.Hypercall::errno)
                .containsExactly(Optional.of(Errno.EINVAL));
        assertThat(second.log()).containsExactly("Using 2-level ABI");
        assertThat(second.abi()).isEqualTo(AbiMode.TWO_LEVEL);
        assertThat(host.inspect(D).abi()).isEqualTo(AbiMode.FIFO);
        // And an IPI it binds raises the FIFO way, never in the shared-info bitmaps
        int ipi = host.eventChannelOp(D, new EvtchnIn.BindIpi(0)).out().port();
        host.eventChannelOp(D, new EvtchnIn.Send(ipi));
        assertThat(host.sharedInfo(D).isPending(ipi)).isFalse();
        assertThat(host.inspectPort(D, ipi).word().orElseThrow().p()).isTrue();
    }

    @Test
    void aFailedFirstArrayPagePanicsAndTheKernelStopsThere() {
        XenHost host = XenHost.of(XenProfile.PROPOSED);
        new Toolstack(host).createGuest(Toolstack.GuestSpec.hvm(D, 2)).orElseThrow();
        LinuxKernel k = LinuxKernel.load(host, D, K, LinuxKernel.BootOptions.defaults(K));
        k.initIrq();
        k.bringUpCpus(2);
        List<ModelEvent> seen = new ArrayList<>();
        host.addObserver(seen::add);
        // the first port's expand_array cannot map its page
        host.faults().failNext(FaultPoint.GFN_MAP, Errno.ENOMEM);
        k.bindStandardChannels();
        assertThat(k.state()).isEqualTo(LinuxKernel.State.CRASHED);
        assertThat(k.log()).last().asString().startsWith("BUG: event array: first page");
        // panic() stops the kernel: the timer VIRQ it bound is the last hypercall of its kind, no IPI follows
        assertThat(calls(seen, "bind_virq")).hasSize(1);
        assertThat(calls(seen, "bind_ipi")).isEmpty();
        assertThat(seen).filteredOn(GuestEvent.Bug.class::isInstance).hasSize(1);
    }

    @Test
    void aFailureOnALaterArrayPageOnlyFailsThatBind() {
        XenHost host = XenHost.of(XenProfile.PROPOSED);
        new Toolstack(host).createGuest(Toolstack.GuestSpec.hvm(D, 1)).orElseThrow();
        GuestEventLayer events = new GuestEventLayer(host, D, new GuestPageAllocator());
        events.initIrq(true, 0);
        // page 0 of a port >= 1024 goes in, then page 1 cannot be mapped (evtchn_fifo_setup decides at the error)
        boolean[] armed = {false};
        host.addObserver(e -> {
            if (e instanceof XenEvent.Hypercall h && h.cmdName().equals("expand_array") && h.rc() == 0 && !armed[0]) {
                armed[0] = true;
                host.faults().failNext(FaultPoint.GFN_MAP, Errno.ENOMEM);
            }
        });
        assertThat(events.bindExisting(1500, "high port")).contains(Errno.ENOMEM);
        assertThat(events.panic()).isEmpty();
        assertThat(host.inspect(D).fifoArrayPages()).hasSize(1);
    }
}
