package io.fleetcompat.agent.xen;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** hvm_op (34), modelled for sub-op 23 HVMOP_set_evtchn_upcall_vector only (§6). */
final class HvmOps {

    static final int MIN_VECTOR = 0x10;
    /** PROPOSED/V5: a domain without evtchn_upcall sees the op as absent. */
    static final Errno UPCALL_DENIED_ERRNO = Errno.ENOSYS;

    private final HostState host;

    HvmOps(HostState host) {
        this.host = host;
    }

    /**
     * {@code op} is do_hvm_op's {@code unsigned long op} (64 bits held in a long); every value but 23 is an
     * unknown sub-op. The published event carries its low 32 bits as {@code cmd}.
     */
    OpResult<HvmOut> dispatch(int callerId, long op, GuestHandle<HvmIn.SetEvtchnUpcallVector> arg) {
        Domain caller = host.caller(callerId);
        OpResult<HvmOut> result = run(caller, op, arg);
        if (host.observed()) {
            HvmIn.SetEvtchnUpcallVector in = arg == null ? null : arg.value();
            OptionalInt vcpu = in == null ? OptionalInt.empty() : OptionalInt.of(in.vcpu());
            String name = op == HvmIn.SetEvtchnUpcallVector.SUBOP && host.profile().upcallVectorOp()
                    ? "set_evtchn_upcall_vector" : "unknown";
            host.publish(new XenEvent.Hypercall(callerId, "hvm_op", (int) op, name, result.rc(), result.errno(), vcpu,
                    OpFields.in(in), Map.of()));
        }
        return result;
    }

    private OpResult<HvmOut> run(Domain d, long op, GuestHandle<HvmIn.SetEvtchnUpcallVector> arg) {
        // Before 4.6 the sub-op does not exist.
        if (op != HvmIn.SetEvtchnUpcallVector.SUBOP || !d.profile().upcallVectorOp()) {
            return OpResult.failed(Errno.ENOSYS);
        }
        // §6 order 0: the per-domain control is the very first check.
        if (d.profile().perDomainUpcallControl() && !d.hasFlag(CreateFlag.EVTCHN_UPCALL)) {
            return OpResult.failed(UPCALL_DENIED_ERRNO);
        }
        if (!d.isHvm()) {
            return OpResult.failed(Errno.EINVAL);
        }
        if (arg == null || !arg.readable()) {
            return OpResult.failed(Errno.EFAULT);
        }
        HvmIn.SetEvtchnUpcallVector in = arg.value();
        // vector is a uint8_t; it is checked before the vCPU (scenario 30).
        int vector = in.vector() & 0xFF;
        if (vector < MIN_VECTOR) {
            return OpResult.failed(Errno.EINVAL);
        }
        Optional<Vcpu> v = d.vcpu(in.vcpu());
        if (v.isEmpty()) {
            return OpResult.failed(Errno.ENOENT);
        }
        v.get().setUpcallVector(vector);
        v.get().injectVector();
        return OpResult.ok(new HvmOut());
    }
}
