package io.fleetcompat.agent.xen;

import java.util.Locale;

/**
 * XEN_DOMCTL_CDF_* in the V5_SERIES / PROPOSED layout (§1.1). Declared order equals the bit number, like the
 * OCaml variant list the C cross-check walks: adding a flag means appending here and moving {@link #CDF_MAX}.
 * Other profiles give bits 7 and 8 other meanings; see {@link CreateFlagLayout}.
 */
public enum CreateFlag {
    HVM, HAP, S3_INTEGRITY, OOS_OFF, XS_DOMAIN, IOMMU, NESTED_VIRT,
    /** PROPOSED: permit the FIFO ABI (ops 11-13). */
    EVTCHN_FIFO,
    /** PROPOSED: permit HVMOP_set_evtchn_upcall_vector. */
    EVTCHN_UPCALL;

    /** XEN_DOMCTL_CDF_MAX: the highest flag, as a mask. */
    public static final int CDF_MAX = 1 << 8;

    private final String xenName = name().toLowerCase(Locale.ROOT);

    public int bit() {
        return ordinal();
    }

    public int mask() {
        return 1 << ordinal();
    }

    /** Xen's spelling without the prefix, e.g. {@code evtchn_fifo}. */
    public String xenName() {
        return xenName;
    }
}
