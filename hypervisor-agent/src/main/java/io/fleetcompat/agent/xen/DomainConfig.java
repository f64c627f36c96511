package io.fleetcompat.agent.xen;

import java.util.Set;

/**
 * The createdomain configuration (§0.4 Domain, §1.2). {@code flags} is the raw XEN_DOMCTL_CDF_* mask so unknown
 * bits can be passed; {@code domid} -1 means "next free". {@code maxEvtchnPort} -1 means 2^31-1 (Xen-built
 * domains); values above are clamped (§2.2).
 */
public record DomainConfig(int domid, int flags, int maxVcpus, long maxEvtchnPort, int guestWidth, int iommuOpts,
                           int archMiscFlags, int nrPirqs, Set<Integer> permittedPirqs, int deviceModelDomid) {

    public static final int AUTO_DOMID = -1;
    /** libxl's default max_evtchn_port (§2.2). */
    public static final long LIBXL_MAX_EVTCHN_PORT = 1023;
    public static final long MAX_EVTCHN_PORT_CLAMP = (1L << 31) - 1;
    /** x86 misc flags known to 4.15 (XEN_X86_MSR_RELAXED). */
    public static final int KNOWN_X86_MISC_FLAGS = 0x1;
    public static final int DEFAULT_NR_PIRQS = 64;

    public DomainConfig {
        permittedPirqs = Set.copyOf(permittedPirqs);
        if (guestWidth != 32 && guestWidth != 64) {
            throw new IllegalArgumentException("guest width must be 32 or 64, was " + guestWidth);
        }
    }

    /** The §9 fixture shape: 64-bit, max_evtchn_port 1023, no pirq permissions, no device model. */
    public static DomainConfig of(int domid, int flags, int maxVcpus) {
        return new DomainConfig(domid, flags, maxVcpus, LIBXL_MAX_EVTCHN_PORT, 64, 0, 0, DEFAULT_NR_PIRQS, Set.of(),
                Domain.DOMID_INVALID);
    }

    public DomainConfig withMaxEvtchnPort(long value) {
        return new DomainConfig(domid, flags, maxVcpus, value, guestWidth, iommuOpts, archMiscFlags, nrPirqs,
                permittedPirqs, deviceModelDomid);
    }

    public DomainConfig withGuestWidth(int value) {
        return new DomainConfig(domid, flags, maxVcpus, maxEvtchnPort, value, iommuOpts, archMiscFlags, nrPirqs,
                permittedPirqs, deviceModelDomid);
    }

    public DomainConfig withFlags(int value) {
        return new DomainConfig(domid, value, maxVcpus, maxEvtchnPort, guestWidth, iommuOpts, archMiscFlags, nrPirqs,
                permittedPirqs, deviceModelDomid);
    }

    public DomainConfig withDomid(int value) {
        return new DomainConfig(value, flags, maxVcpus, maxEvtchnPort, guestWidth, iommuOpts, archMiscFlags, nrPirqs,
                permittedPirqs, deviceModelDomid);
    }

    public DomainConfig withIommuOpts(int value) {
        return new DomainConfig(domid, flags, maxVcpus, maxEvtchnPort, guestWidth, value, archMiscFlags, nrPirqs,
                permittedPirqs, deviceModelDomid);
    }

    public DomainConfig withArchMiscFlags(int value) {
        return new DomainConfig(domid, flags, maxVcpus, maxEvtchnPort, guestWidth, iommuOpts, value, nrPirqs,
                permittedPirqs, deviceModelDomid);
    }

    public DomainConfig withPirqs(int count, Set<Integer> permitted) {
        return new DomainConfig(domid, flags, maxVcpus, maxEvtchnPort, guestWidth, iommuOpts, archMiscFlags, count,
                permitted, deviceModelDomid);
    }

    public DomainConfig withDeviceModelDomid(int value) {
        return new DomainConfig(domid, flags, maxVcpus, maxEvtchnPort, guestWidth, iommuOpts, archMiscFlags, nrPirqs,
                permittedPirqs, value);
    }

    /** max_evtchn_port as Xen stores it: -1 and anything above 2^31-1 become 2^31-1. */
    public long effectiveMaxEvtchnPort() {
        return maxEvtchnPort < 0 || maxEvtchnPort > MAX_EVTCHN_PORT_CLAMP ? MAX_EVTCHN_PORT_CLAMP : maxEvtchnPort;
    }
}
