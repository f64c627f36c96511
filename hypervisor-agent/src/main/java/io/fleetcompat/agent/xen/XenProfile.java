package io.fleetcompat.agent.xen;

/**
 * The Xen versions the model can behave as (§0.1, §10), with one predicate per capability, like Kafka's
 * MetadataVersion: every "does this profile support X" question is answered here and nowhere else.
 */
public enum XenProfile {
    /** A pre-4.4 Xen: no FIFO ops (11-14 unknown), no upcall-vector HVMOP (pre-4.6), no CDF bits 7/8. */
    LEGACY_2L,
    /** 4.14.0, before the September 2020 event-channel fixes; only used for the §10 deltas. */
    XEN_4_14_0,
    /** 4.15.0 behaviour; the baseline of the spec. */
    XEN_2020,
    /** XEN_2020 plus the v4 patch (deny-sense disable_fifo, bit 7). */
    V4_SERIES,
    /** XEN_2020 plus the v5 series (permit-sense evtchn_fifo / evtchn_upcall, bits 7 and 8). */
    V5_SERIES,
    /** V5 semantics plus a per-host FIFO build switch (§1.5). The recommended target and the default. */
    PROPOSED,
    /** Current upstream (4.21/4.22 era): optional build switch, no per-domain control. */
    UPSTREAM_NOW;

    public static final XenProfile DEFAULT = PROPOSED;

    /** EVTCHNOP_init_control / expand_array / set_priority exist (Xen 4.4+). */
    public boolean fifoEventChannels() {
        return this != LEGACY_2L;
    }

    /** EVTCHNOP_reset_cont exists and reset is preemptible with -EBUSY/-EAGAIN (Sept 2020 fixes, §5). */
    public boolean resetContinuation() {
        return this != LEGACY_2L && this != XEN_4_14_0;
    }

    /** HVMOP_set_evtchn_upcall_vector exists (Xen 4.6+, §6). */
    public boolean upcallVectorOp() {
        return this != LEGACY_2L;
    }

    public FifoControlSense fifoControlSense() {
        switch (this) {
            case V4_SERIES:
                return FifoControlSense.DENY;
            case V5_SERIES:
            case PROPOSED:
                return FifoControlSense.PERMIT;
            default:
                return FifoControlSense.NONE;
        }
    }

    /** A create flag gates ops 11-13 per domain (§1.3-§1.5). */
    public boolean perDomainFifoControl() {
        return fifoControlSense() != FifoControlSense.NONE;
    }

    /** The create flag evtchn_upcall gates the upcall-vector HVMOP (§1.4, §6 order 0). */
    public boolean perDomainUpcallControl() {
        return this == V5_SERIES || this == PROPOSED;
    }

    /** The host may be built without FIFO (PROPOSED §1.5; upstream CONFIG_EVTCHN_FIFO, §10). */
    public boolean fifoBuildSwitch() {
        return this == PROPOSED || this == UPSTREAM_NOW;
    }

    /** status on a Xen-attached channel gives -EACCES (4.15 to 4.18 only, §10). */
    public boolean statusRefusesXenAttached() {
        return this == XEN_2020 || this == V4_SERIES || this == V5_SERIES || this == PROPOSED;
    }

    /** FIFO raise for a vCPU without control block leaves P set (up to 4.16, §4.5 step 4). */
    public boolean fifoPendingWithoutControlBlock() {
        return this != UPSTREAM_NOW;
    }

    /** Only the designated handler domain may bind a global VIRQ, else -EBUSY (4.21+, §10). */
    public boolean globalVirqHandlerOnly() {
        return this == UPSTREAM_NOW;
    }

    /** VIRQ_ARGO (11) is per-domain rather than global (4.21+, §10). */
    public boolean virqArgoPerDomain() {
        return this == UPSTREAM_NOW;
    }

    /** bind_pirq on an architecture without pIRQs (Arm) gives -EOPNOTSUPP (4.19+, §10). */
    public boolean pirqUnsupportedOnArm() {
        return this == UPSTREAM_NOW;
    }

    /** Delivery, unmask and priority act only on usable channels (Sept 2020 fixes; 4.14.0 acted on any). */
    public boolean usabilityChecks() {
        return this != LEGACY_2L && this != XEN_4_14_0;
    }

    /** The 2-level port limit was latched at creation as 4096 even for the 32-bit layout (XSA-342, §10). */
    public boolean twoLevelLimitLatchedAtCreation() {
        return this == LEGACY_2L || this == XEN_4_14_0;
    }

    public CreateFlagLayout flagLayout() {
        switch (this) {
            case V4_SERIES:
                return CreateFlagLayout.V4_SERIES;
            case V5_SERIES:
            case PROPOSED:
                return CreateFlagLayout.V5_SERIES;
            case UPSTREAM_NOW:
                return CreateFlagLayout.UPSTREAM_NOW;
            default:
                return CreateFlagLayout.XEN_2020;
        }
    }
}
