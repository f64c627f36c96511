package io.fleetcompat.agent.xen;

import java.util.Arrays;
import java.util.Optional;

/** EVTCHNOP_* command numbers and names as in Xen's public event_channel.h (§2). */
public enum EvtchnCmd {
    BIND_INTERDOMAIN(0), BIND_VIRQ(1), BIND_PIRQ(2), CLOSE(3), SEND(4), STATUS(5), ALLOC_UNBOUND(6), BIND_IPI(7),
    BIND_VCPU(8), UNMASK(9), RESET(10), INIT_CONTROL(11), EXPAND_ARRAY(12), SET_PRIORITY(13), RESET_CONT(14);

    /** __HYPERVISOR_event_channel_op. */
    public static final int HYPERCALL = 32;

    /** Index = command number; the numbers are dense from 0. */
    private static final EvtchnCmd[] BY_NUMBER = values();

    static {
        for (EvtchnCmd c : BY_NUMBER) {
            if (c.number != c.ordinal()) {
                throw new ExceptionInInitializerError("EVTCHNOP_" + c + " is out of number order");
            }
        }
    }

    private final int number;
    private final String xenName;

    EvtchnCmd(int number) {
        this.number = number;
        this.xenName = name().toLowerCase(java.util.Locale.ROOT);
    }

    public int number() {
        return number;
    }

    /** Xen's name without the EVTCHNOP_ prefix, e.g. {@code bind_interdomain}. */
    public String xenName() {
        return xenName;
    }

    /** One of the FIFO ops the per-domain control gates (§1.5). */
    public boolean isFifoOp() {
        return this == INIT_CONTROL || this == EXPAND_ARRAY || this == SET_PRIORITY;
    }

    /** Ops whose OUT fields Xen copies back on success (§2.1). */
    public boolean hasOutput() {
        switch (this) {
            case BIND_INTERDOMAIN:
            case BIND_VIRQ:
            case BIND_PIRQ:
            case STATUS:
            case ALLOC_UNBOUND:
            case BIND_IPI:
            case INIT_CONTROL:
                return true;
            default:
                return false;
        }
    }

    /** The command as the profile's dispatcher knows it; empty means "unknown command" (-ENOSYS). */
    public static Optional<EvtchnCmd> known(int number, XenProfile profile) {
        return Optional.ofNullable(knownOrNull(number, profile));
    }

    /** As {@link #known}, null for an unknown command: the dispatcher's per-call path. */
    static EvtchnCmd knownOrNull(int number, XenProfile profile) {
        if (number < 0 || number >= BY_NUMBER.length) {
            return null;
        }
        EvtchnCmd cmd = BY_NUMBER[number];
        return cmd.knownIn(profile) ? cmd : null;
    }

    /** The command with this number whatever the profile, if Xen's header defines it. */
    public static Optional<EvtchnCmd> byNumber(int number) {
        return number >= 0 && number < BY_NUMBER.length ? Optional.of(BY_NUMBER[number]) : Optional.empty();
    }

    public static Optional<EvtchnCmd> byName(String name) {
        return Arrays.stream(values()).filter(c -> c.xenName().equals(name)).findFirst();
    }

    boolean knownIn(XenProfile profile) {
        if (this == RESET_CONT) {
            return profile.resetContinuation();
        }
        return !isFifoOp() || profile.fifoEventChannels();
    }
}
