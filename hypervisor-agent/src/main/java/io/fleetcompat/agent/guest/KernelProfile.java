package io.fleetcompat.agent.guest;

/**
 * A guest kernel as data, so a simulator can mix them (§7): whether it knows the FIFO ABI, whether
 * {@code xen.fifo_events} defaults on, whether it registers the per-vCPU upcall vector, and its shared-info
 * layout width.
 */
public record KernelProfile(String name, KernelFamily family, String version, boolean fifoAware,
                            boolean fifoEventsDefault, boolean usesUpcallVector, int guestWidth) {

    /** A FIFO-aware Linux of the 2020 era (5.10): tries FIFO at boot, global callback only. */
    public static final KernelProfile LINUX_5_10 =
            new KernelProfile("linux-5.10", KernelFamily.LINUX, "5.10", true, true, false, 64);
    /** A Linux from before FIFO support (3.13 and earlier): always 2-level. */
    public static final KernelProfile LINUX_3_10 =
            new KernelProfile("linux-3.10", KernelFamily.LINUX, "3.10", false, false, false, 64);
    /** Windows PV drivers: FIFO-aware and the user of the per-vCPU upcall vector (§6). */
    public static final KernelProfile WINDOWS_PV_DRIVERS =
            new KernelProfile("windows-pv-9.0", KernelFamily.WINDOWS, "9.0", true, true, true, 64);

    public KernelProfile {
        if (guestWidth != 32 && guestWidth != 64) {
            throw new IllegalArgumentException("guest width " + guestWidth);
        }
    }
}
