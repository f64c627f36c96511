package io.fleetcompat.agent.xen;

/**
 * What a host offers (§0.4 Host, §1.2 step 6). {@code fifoBuiltIn} mirrors CONFIG_EVTCHN_FIFO and may be off
 * only on a profile with a build switch.
 */
public record HostConfig(XenProfile profile, Arch arch, boolean fifoBuiltIn, boolean hvmSupported,
                         boolean pvSupported, boolean hapSupported, boolean iommuPresent, boolean tbootSupported,
                         int archMaxVcpus, Errno fifoDeniedErrno) {

    /** x86 HVM guests: the arch vCPU limit used by the sanitiser. */
    public static final int X86_MAX_VCPUS = 128;

    public HostConfig {
        if (profile == null || arch == null) {
            throw new IllegalArgumentException("profile and arch are required");
        }
        if (fifoDeniedErrno == null) {
            throw new IllegalArgumentException("fifoDeniedErrno is required");
        }
        if (!fifoBuiltIn && !profile.fifoBuildSwitch()) {
            throw new IllegalArgumentException("profile " + profile + " has no FIFO build switch");
        }
    }

    /** An x86 host with HVM, PV and HAP, no IOMMU, no tboot, FIFO built in. */
    public static HostConfig of(XenProfile profile) {
        return new HostConfig(profile, Arch.X86, true, true, true, true, false, false, X86_MAX_VCPUS,
                FifoGate.DENIED_ERRNO);
    }

    public HostConfig withFifoBuiltIn(boolean value) {
        return new HostConfig(profile, arch, value, hvmSupported, pvSupported, hapSupported, iommuPresent,
                tbootSupported, archMaxVcpus, fifoDeniedErrno);
    }

    public HostConfig withArch(Arch value) {
        return new HostConfig(profile, value, fifoBuiltIn, hvmSupported, pvSupported, hapSupported, iommuPresent,
                tbootSupported, archMaxVcpus, fifoDeniedErrno);
    }

    public HostConfig withIommuPresent(boolean value) {
        return new HostConfig(profile, arch, fifoBuiltIn, hvmSupported, pvSupported, hapSupported, value,
                tbootSupported, archMaxVcpus, fifoDeniedErrno);
    }

    /**
     * The errno the per-domain FIFO gate returns (§1.5 keeps it one named constant, {@link FifoGate#DENIED_ERRNO};
     * reviewers asked for -EPERM, which a test can try through this).
     */
    public HostConfig withFifoDeniedErrno(Errno value) {
        return new HostConfig(profile, arch, fifoBuiltIn, hvmSupported, pvSupported, hapSupported, iommuPresent,
                tbootSupported, archMaxVcpus, value);
    }

    /** The host capability query of §1.5: may the toolstack offer FIFO here. */
    public boolean hostHasFifo() {
        return profile.fifoEventChannels() && fifoBuiltIn;
    }
}
