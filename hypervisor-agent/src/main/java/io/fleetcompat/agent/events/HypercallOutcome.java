package io.fleetcompat.agent.events;

import java.util.Map;
import java.util.Objects;

/**
 * One hypercall and its result as the model's observer reports it.
 *
 * @param instanceId the calling guest's id; null for the control domain (the event is then keyed by host id)
 * @param errnoName  Xen's errno name when {@code rc < 0}, else null
 * @param vcpu       the vCPU the call concerned, or null
 * @param arguments  the IN fields that were read
 */
public record HypercallOutcome(String instanceId, int domid, int hypercallNumber, String hypercallName,
                               int commandNumber, String commandName, long rc, String errnoName, Integer vcpu,
                               Map<String, Long> arguments) {

    /** __HYPERVISOR_event_channel_op. */
    public static final int EVENT_CHANNEL_OP = 32;
    /** __HYPERVISOR_hvm_op. */
    public static final int HVM_OP = 34;
    /** HVMOP_set_evtchn_upcall_vector. */
    public static final int HVMOP_SET_EVTCHN_UPCALL_VECTOR = 23;

    public HypercallOutcome {
        Objects.requireNonNull(hypercallName, "hypercallName");
        Objects.requireNonNull(commandName, "commandName");
        arguments = Map.copyOf(arguments);
    }

    /** EVTCHNOP_init_control (11), expand_array (12), set_priority (13): the FIFO ABI's commands. */
    public boolean isFifoCommand() {
        return hypercallNumber == EVENT_CHANNEL_OP && commandNumber >= 11 && commandNumber <= 13;
    }

    public boolean isUpcallVectorCall() {
        return hypercallNumber == HVM_OP && commandNumber == HVMOP_SET_EVTCHN_UPCALL_VECTOR;
    }
}
