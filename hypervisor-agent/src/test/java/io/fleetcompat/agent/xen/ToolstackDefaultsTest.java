package io.fleetcompat.agent.xen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** §1.4 toolstack defaults: evtchn_fifo unless disabled (where the host has FIFO), evtchn_upcall for x86 HVM. */
class ToolstackDefaultsTest {

    @Test
    void x86HvmGuestGetsBothPermitFlags() {
        XenHost host = XenHost.of(XenProfile.PROPOSED);
        Toolstack.Guest g = new Toolstack(host).createGuest(Toolstack.GuestSpec.hvm(1, 2)).orElseThrow();
        assertThat(host.inspect(g.domid()).flags()).containsExactly("hvm", "hap", "evtchn_fifo", "evtchn_upcall");
    }

    @Test
    void x86PvGuestGetsFifoButNeverTheUpcallFlag() {
        XenHost host = XenHost.of(XenProfile.PROPOSED);
        Toolstack.GuestSpec pv = new Toolstack.GuestSpec(1, false, 1, DomainConfig.LIBXL_MAX_EVTCHN_PORT, 64, true,
                true);
        Toolstack.Guest g = new Toolstack(host).createGuest(pv).orElseThrow();
        assertThat(host.inspect(g.domid()).flags()).containsExactly("oos_off", "evtchn_fifo");
    }

    @Test
    void armGuestGetsFifoButNotTheUpcallFlagWhichArmRefuses() {
        // Given an Arm PROPOSED host (the upcall vector is an x86 HVM feature; Arm creation rejects the flag)
        XenHost host = new XenHost(HostConfig.of(XenProfile.PROPOSED).withArch(Arch.ARM));
        // When the toolstack creates a guest with its defaults
        Toolstack.Guest g = new Toolstack(host).createGuest(Toolstack.GuestSpec.hvm(1, 2)).orElseThrow();
        // Then creation succeeds with evtchn_fifo only
        assertThat(host.inspect(g.domid()).flags()).containsExactly("hvm", "hap", "evtchn_fifo");
        assertThat(host.inspect(g.domid()).abi()).isEqualTo(AbiMode.TWO_LEVEL);
    }

    @Test
    void disabledFeaturesAreLeftOut() {
        XenHost host = XenHost.of(XenProfile.PROPOSED);
        Toolstack.Guest g = new Toolstack(host)
                .createGuest(Toolstack.GuestSpec.hvm(1, 1).withFifo(false).withUpcall(false)).orElseThrow();
        assertThat(host.inspect(g.domid()).flags()).containsExactly("hvm", "hap");
    }

    @Test
    void v4ToolstackSetsTheDenyBitOnlyWhenFifoIsDisabled() {
        XenHost host = XenHost.of(XenProfile.V4_SERIES);
        Toolstack ts = new Toolstack(host);
        assertThat(host.inspect(ts.createGuest(Toolstack.GuestSpec.hvm(1, 1)).orElseThrow().domid()).flags())
                .containsExactly("hvm", "hap");
        assertThat(host.inspect(ts.createGuest(Toolstack.GuestSpec.hvm(2, 1).withFifo(false)).orElseThrow()
                .domid()).flags()).containsExactly("hvm", "hap", "disable_fifo");
    }
}
