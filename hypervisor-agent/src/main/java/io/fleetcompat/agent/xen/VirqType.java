package io.fleetcompat.agent.xen;

/** How a VIRQ number binds (§2.3 bind_virq step 2, §10 global VIRQs). */
enum VirqType {
    PER_VCPU, GLOBAL, PER_DOMAIN;

    static final int VIRQ_TIMER = 0;
    static final int VIRQ_DEBUG = 1;
    static final int VIRQ_XENOPROF = 7;
    static final int VIRQ_ARGO = 11;
    static final int VIRQ_XENPMU = 13;

    /** Every number other than the four per-vCPU ones counts as global, unassigned ones included. */
    static VirqType of(int virq, XenProfile profile) {
        if (virq == VIRQ_TIMER || virq == VIRQ_DEBUG || virq == VIRQ_XENOPROF || virq == VIRQ_XENPMU) {
            return PER_VCPU;
        }
        if (virq == VIRQ_ARGO && profile.virqArgoPerDomain()) {
            return PER_DOMAIN;
        }
        return GLOBAL;
    }
}
