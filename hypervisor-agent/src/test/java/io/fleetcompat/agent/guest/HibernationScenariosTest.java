package io.fleetcompat.agent.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.DomainView;
import io.fleetcompat.agent.xen.Errno;
import io.fleetcompat.agent.xen.EvtchnIn;
import io.fleetcompat.agent.xen.ModelEvent;
import io.fleetcompat.agent.xen.SharedInfo;
import io.fleetcompat.agent.xen.Toolstack;
import io.fleetcompat.agent.xen.XenEvent;
import io.fleetcompat.agent.xen.XenHost;
import io.fleetcompat.agent.xen.XenProfile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** §9 scenarios 25-28: the hibernation failure of §8, its prevention, and the §7.4 restore hazard. */
class HibernationScenariosTest {

    private static final int D = 1;
    private static final KernelProfile K = KernelProfile.LINUX_5_10;

    @Test
    void scenario25_deniedDomainBootsTwoLevelAndMasksEveryPort() {
        // Given PROPOSED and D created without EVTCHN_FIFO
        XenHost host = XenHost.of(XenProfile.PROPOSED);
        List<ModelEvent> seen = new ArrayList<>();
        host.addObserver(seen::add);
        new Toolstack(host).createGuest(Toolstack.GuestSpec.hvm(D, 4).withFifo(false)).orElseThrow();
        // When Linux runs xen_init_IRQ
        LinuxKernel k = LinuxKernel.load(host, D, K, LinuxKernel.BootOptions.defaults(K));
        k.initIrq();
        // Then init_control gave -ENOSYS, the kernel chose 2-level and masked all 4096 ports
        assertThat(seen).filteredOn(XenEvent.Hypercall.class::isInstance).map(XenEvent.Hypercall.class::cast)
                .filteredOn(h -> h.cmdName().equals("init_control"))
                .extracting(XenEvent.Hypercall::errno).containsExactly(java.util.Optional.of(Errno.ENOSYS));
        assertThat(k.log()).contains("Using 2-level ABI");
        SharedInfo s = host.sharedInfo(D);
        for (int port = 0; port < 4096; port++) {
            assertThat(s.isMasked(port)).as("port %d", port).isTrue();
        }
        // And after binding, only its own ports are unmasked and it is healthy
        k.bringUpCpus(4);
        k.bindStandardChannels();
        assertThat(k.probe().healthy()).isTrue();
    }

    @Test
    void scenario26_resumeOnFifoHostLosesEveryEvent() {
        // Given a guest that booted 2-level on a pre-4.4 host A and hibernated there
        GuestImage image = hibernateOnLegacyHost();
        assertThat(image.abi()).isEqualTo(AbiMode.TWO_LEVEL);
        // And host B (PROPOSED) creating D2 with EVTCHN_FIFO granted (the toolstack default)
        XenHost b = XenHost.of(XenProfile.PROPOSED);
        new Toolstack(b).createGuest(Toolstack.GuestSpec.hvm(D, 4)).orElseThrow();
        // When the boot kernel boots, loads the image and jumps into it
        LinuxLifecycle.ResumeResult r = LinuxKernel.resume(b, D, image, LinuxKernel.BootOptions.defaults(K));
        // Then the boot kernel engaged FIFO, the resume kernel assumes 2-level, Xen stays FIFO
        assertThat(r.bootLog()).contains("Using FIFO-based ABI");
        assertThat(r.bootAbi()).isEqualTo(AbiMode.FIFO);
        assertThat(r.resumedAbi()).isEqualTo(AbiMode.TWO_LEVEL);
        assertThat(r.xenAbi()).isEqualTo(AbiMode.FIFO);
        // And the events sent after the jump raised upcalls that found nothing
        assertThat(r.health().sent()).isNotEmpty();
        assertThat(r.health().upcalls()).isPositive();
        assertThat(r.health().handled()).isEmpty();
        assertThat(r.health().healthy()).isFalse();
        // And the 2-level view is empty while the FIFO view holds the events, queued in the boot kernel's frames
        DomainView view = b.inspect(D);
        SharedInfo s = b.sharedInfo(D);
        for (int word = 0; word < s.width(); word++) {
            assertThat(s.pendingWord(word) & ~s.maskWord(word)).isZero();
        }
        for (int port : r.health().sent()) {
            DomainView.EventWordView w = view.port(port).orElseThrow().word().orElseThrow();
            assertThat(w.p()).as("P of port %d", port).isTrue();
        }
        DomainView.ControlBlockView cb0 = view.vcpu(0).controlBlock().orElseThrow();
        assertThat(cb0.ready()).isNotZero();
        // And the frame Xen uses as vCPU0's control block is free memory to the resume kernel
        assertThat(r.kernel().pages().allocate()).isEqualTo(cb0.gfn());
        // When a further event arrives, Then the handler still finds nothing
        int ipi = r.kernel().bindings().stream().filter(p -> p.kind() == PortBinding.Kind.IPI).findFirst()
                .orElseThrow().port();
        b.eventChannelOp(D, new EvtchnIn.Send(ipi));
        assertThat(r.kernel().consume(0)).isEmpty();
    }

    @Test
    void scenario27_resumeWithFlagWithheldDeliversThroughSharedInfo() {
        GuestImage image = hibernateOnLegacyHost();
        // Given host B creates D2 without EVTCHN_FIFO
        XenHost b = XenHost.of(XenProfile.PROPOSED);
        new Toolstack(b).createGuest(Toolstack.GuestSpec.hvm(D, 4).withFifo(false)).orElseThrow();
        // When the guest resumes
        LinuxLifecycle.ResumeResult r = LinuxKernel.resume(b, D, image, LinuxKernel.BootOptions.defaults(K));
        // Then the boot kernel fell back to 2-level exactly as on host A and the resume kernel is healthy
        assertThat(r.bootLog()).contains("Using 2-level ABI");
        assertThat(r.xenAbi()).isEqualTo(AbiMode.TWO_LEVEL);
        assertThat(r.health().healthy()).isTrue();
        // And a new event appears in the shared-info pending bits, which the resume kernel handles
        PortBinding ipi = r.kernel().bindings().stream().filter(p -> p.kind() == PortBinding.Kind.IPI)
                .findFirst().orElseThrow();
        b.eventChannelOp(D, new EvtchnIn.Send(ipi.port()));
        assertThat(b.sharedInfo(D).isPending(ipi.port())).isTrue();
        assertThat(r.kernel().consume(ipi.cpu())).containsExactly(ipi.port());
    }

    @Test
    void scenario28_fifoGuestRestoredIntoDeniedDomainBugs() {
        // Given a guest that engaged FIFO on a granting host and was saved
        XenHost a = XenHost.of(XenProfile.PROPOSED);
        new Toolstack(a).createGuest(Toolstack.GuestSpec.hvm(D, 2)).orElseThrow();
        LinuxKernel k = LinuxKernel.boot(a, D, K, LinuxKernel.BootOptions.defaults(K));
        assertThat(k.abi()).isEqualTo(AbiMode.FIFO);
        GuestImage image = k.save();
        // And host B creates the new domain without EVTCHN_FIFO (flag not carried over)
        XenHost b = XenHost.of(XenProfile.PROPOSED);
        List<ModelEvent> seen = new ArrayList<>();
        b.addObserver(seen::add);
        new Toolstack(b).createGuest(Toolstack.GuestSpec.hvm(D, 2).withFifo(false)).orElseThrow();
        // When the guest is restored
        LinuxLifecycle.RestoreResult r = LinuxKernel.restore(b, D, image);
        // Then the resume-time init_control got -ENOSYS and the kernel BUGged
        assertThat(r.rc()).isEqualTo(Errno.ENOSYS.rc());
        assertThat(r.bug()).isTrue();
        assertThat(r.kernel().state()).isEqualTo(LinuxKernel.State.CRASHED);
        assertThat(seen).filteredOn(GuestEvent.Bug.class::isInstance).hasSize(1);
    }

    @Test
    void scenario28_flagCarriedOverRestoresHealthy() {
        XenHost a = XenHost.of(XenProfile.PROPOSED);
        new Toolstack(a).createGuest(Toolstack.GuestSpec.hvm(D, 2)).orElseThrow();
        GuestImage image = LinuxKernel.boot(a, D, K, LinuxKernel.BootOptions.defaults(K)).save();
        XenHost b = XenHost.of(XenProfile.PROPOSED);
        // Given the image's create flags are used for the new domain (§1.5 persistence)
        new Toolstack(b).createGuest(io.fleetcompat.agent.xen.DomainConfig.of(D, image.domainFlags(), 2))
                .orElseThrow();
        LinuxLifecycle.RestoreResult r = LinuxKernel.restore(b, D, image);
        assertThat(r.rc()).isZero();
        assertThat(r.xenAbi()).isEqualTo(AbiMode.FIFO);
        assertThat(r.kernel().probe().healthy()).isTrue();
    }

    private static GuestImage hibernateOnLegacyHost() {
        XenHost a = XenHost.of(XenProfile.LEGACY_2L);
        new Toolstack(a).createGuest(Toolstack.GuestSpec.hvm(D, 4)).orElseThrow();
        LinuxKernel k = LinuxKernel.boot(a, D, K, LinuxKernel.BootOptions.defaults(K));
        assertThat(k.log()).contains("Using 2-level ABI");
        assertThat(k.probe().healthy()).isTrue();
        return k.hibernate();
    }
}
