package io.fleetcompat.agent.xen;

/** Where the model can be told to fail an allocation or mapping, to reach the -ENOMEM paths of §2.2 and §4. */
public enum FaultPoint {
    /** Materialising the next 64-port block (§2.2). */
    PORT_BUCKET,
    /** init_control: per-vCPU FIFO state (§4.3). */
    FIFO_VCPU_STATE,
    /** init_control: the empty event array (§4.3). */
    FIFO_ARRAY,
    /** Mapping a guest frame for a control block or array page (§4.3, §4.4). */
    GFN_MAP,
    /** bind_pirq metadata allocation (§2.3). */
    PIRQ_METADATA,
    /** bind_pirq: the PV physical IRQ bind (§2.3), any errno. */
    PIRQ_PHYSICAL_BIND
}
