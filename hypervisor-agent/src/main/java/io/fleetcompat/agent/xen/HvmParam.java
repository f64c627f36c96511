package io.fleetcompat.agent.xen;

/** The HVM params the model keeps: where the guest learns its toolstack-created ports and its callback. */
public enum HvmParam {
    /** HVM_PARAM_STORE_EVTCHN: the guest's xenstore port. */
    STORE_EVTCHN,
    /** HVM_PARAM_CONSOLE_EVTCHN: the guest's console port. */
    CONSOLE_EVTCHN,
    /** HVM_PARAM_CALLBACK_IRQ: the domain-wide upcall callback (non-zero once the guest registered one). */
    CALLBACK_IRQ
}
