package io.fleetcompat.agent.xen;

import java.util.Optional;

/**
 * sanitise_domain_config plus the arch checks (§1.2, §1.4, §1.5): first match wins, each with a one-line
 * reason; every rejection is -EINVAL.
 */
final class DomainSanitiser {

    /** XEN_DOMCTL_IOMMU_no_sharept, the only IOMMU option 4.15 knows. */
    static final int KNOWN_IOMMU_OPTS = 0x1;

    private DomainSanitiser() {
    }

    /** The reason the first failing check gives, or empty when the config is acceptable. */
    static Optional<String> check(HostConfig host, DomainConfig cfg) {
        CreateFlagLayout layout = host.profile().flagLayout();
        int flags = cfg.flags();
        boolean hvm = has(flags, layout, CreateFlag.HVM);
        boolean iommu = has(flags, layout, CreateFlag.IOMMU);
        if ((flags & ~layout.knownMask()) != 0) {
            return reason(String.format("unknown create flags 0x%x", flags & ~layout.knownMask()));
        }
        // max_vcpus is a uint32_t: a negative int is a count above 2^31 - 1, caught by the arch limit.
        if (cfg.maxVcpus() == 0) {
            return reason("max_vcpus 0 is below 1");
        }
        if (has(flags, layout, CreateFlag.HAP) && !hvm) {
            return reason("HAP requested for a non-HVM domain");
        }
        if (iommu && (cfg.iommuOpts() & ~KNOWN_IOMMU_OPTS) != 0) {
            return reason(String.format("unknown IOMMU options 0x%x", cfg.iommuOpts() & ~KNOWN_IOMMU_OPTS));
        }
        if (iommu && !host.iommuPresent()) {
            return reason("IOMMU requested but not available");
        }
        if (!iommu && cfg.iommuOpts() != 0) {
            return reason("IOMMU options given without an IOMMU");
        }
        // §1.5 build switch: checked like the other "requested but not available" features.
        if (has(flags, layout, CreateFlag.EVTCHN_FIFO) && !host.fifoBuiltIn()) {
            return reason("evtchn_fifo requested but FIFO event channels are not available");
        }
        return host.arch() == Arch.ARM ? arm(layout, flags) : x86(host, cfg, layout, flags);
    }

    /** The flags Xen keeps for an accepted config: PV always runs with oos_off forced on (§1.2 step 6). */
    static int grantedFlags(HostConfig host, DomainConfig cfg) {
        CreateFlagLayout layout = host.profile().flagLayout();
        boolean pv = host.arch() == Arch.X86 && !has(cfg.flags(), layout, CreateFlag.HVM);
        return pv ? cfg.flags() | layout.maskOf(CreateFlag.OOS_OFF) : cfg.flags();
    }

    private static Optional<String> x86(HostConfig host, DomainConfig cfg, CreateFlagLayout layout, int flags) {
        boolean hvm = has(flags, layout, CreateFlag.HVM);
        if (hvm && !host.hvmSupported()) {
            return reason("HVM requested but not available");
        }
        if (!hvm && !host.pvSupported()) {
            return reason("PV requested but not available");
        }
        if (Integer.compareUnsigned(cfg.maxVcpus(), host.archMaxVcpus()) > 0) {
            return reason("max_vcpus " + Integer.toUnsignedString(cfg.maxVcpus()) + " above the limit of "
                    + host.archMaxVcpus());
        }
        if (has(flags, layout, CreateFlag.S3_INTEGRITY) && !host.tbootSupported()) {
            return reason("S3 integrity requested but tboot not available");
        }
        if (has(flags, layout, CreateFlag.HAP) && !host.hapSupported()) {
            return reason("HAP requested but not available");
        }
        if (has(flags, layout, CreateFlag.NESTED_VIRT) && !has(flags, layout, CreateFlag.HAP)) {
            return reason("nested virtualisation requested without HAP");
        }
        if ((cfg.archMiscFlags() & ~DomainConfig.KNOWN_X86_MISC_FLAGS) != 0) {
            return reason(String.format("unknown arch misc flags 0x%x",
                    cfg.archMiscFlags() & ~DomainConfig.KNOWN_X86_MISC_FLAGS));
        }
        if (has(flags, layout, CreateFlag.EVTCHN_UPCALL) && !hvm) {
            return reason("evtchn_upcall requested for a non-HVM domain");
        }
        return Optional.empty();
    }

    private static Optional<String> arm(CreateFlagLayout layout, int flags) {
        int required = layout.maskOf(CreateFlag.HVM) | layout.maskOf(CreateFlag.HAP);
        // v5 widened the Arm check to accept evtchn_fifo, but not evtchn_upcall.
        int tolerated = layout.maskOf(CreateFlag.IOMMU) | layout.maskOf(CreateFlag.EVTCHN_FIFO);
        if ((flags & ~tolerated) != required) {
            return reason(String.format("Arm domains need exactly hvm|hap, got 0x%x", flags & ~tolerated));
        }
        return Optional.empty();
    }

    private static boolean has(int flags, CreateFlagLayout layout, CreateFlag flag) {
        int mask = layout.maskOf(flag);
        return mask != 0 && (flags & mask) != 0;
    }

    private static Optional<String> reason(String text) {
        return Optional.of(text);
    }
}
