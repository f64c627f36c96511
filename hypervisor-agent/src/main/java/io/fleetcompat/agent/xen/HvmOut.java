package io.fleetcompat.agent.xen;

/** OUT of the modelled hvm_op sub-ops: HVMOP_set_evtchn_upcall_vector copies nothing back. */
public record HvmOut() {
}
