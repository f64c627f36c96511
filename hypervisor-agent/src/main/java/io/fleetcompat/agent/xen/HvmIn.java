package io.fleetcompat.agent.xen;

import java.util.Map;

/** IN parameters of the modelled hvm_op sub-ops (§6). */
public sealed interface HvmIn {

    /** __HYPERVISOR_hvm_op. */
    int HYPERCALL = 34;

    int subop();

    Map<String, Long> args();

    /** HVMOP_set_evtchn_upcall_vector (23): vcpu (u32), vector (u8). */
    record SetEvtchnUpcallVector(int vcpu, int vector) implements HvmIn {
        public static final int SUBOP = 23;

        public int subop() {
            return SUBOP;
        }

        /** vcpu is a uint32_t, reported unsigned. */
        public Map<String, Long> args() {
            return Map.of("vcpu", Integer.toUnsignedLong(vcpu), "vector", (long) vector);
        }
    }
}
