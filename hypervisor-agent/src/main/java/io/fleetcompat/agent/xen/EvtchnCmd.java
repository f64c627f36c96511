package io.fleetcompat.agent.xen;

import java.util.Arrays;
import java.util.Optional;

/** EVTCHNOP_* command numbers and names as in Xen's public event_channel.h (§2). */
public enum EvtchnCmd {
    BIND_INTERDOMAIN(0), BIND_VIRQ(1), BIND_PIRQ(2), CLOSE(3), SEND(4), STATUS(5), ALLOC_UNBOUND(6), BIND_IPI(7),
    BIND_VCPU(8), UNMASK(9), RESET(10), INIT_CONTROL(11), EXPAND_ARRAY(12), SET_PRIORITY(13), RESET_CONT(14);

    /** __HYPERVISOR_event_channel_op. */
    public static final int HYPERCALL = 32;

    private final int number;

    EvtchnCmd(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** Xen's name without the EVTCHNOP_ prefix, e.g. {@code bind_interdomain}. */
    public String xenName() {
        return name().toLowerCase(java.util.Locale.ROOT);
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
        Optional<EvtchnCmd> cmd = Arrays.stream(values()).filter(c -> c.number == number).findFirst();
        return cmd.filter(c -> c.knownIn(profile));
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
