package io.fleetcompat.agent.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetcompat.agent.xen.GuestHandle;
import io.fleetcompat.agent.xen.HvmIn;

import java.util.Set;

/**
 * {@code hvm}: hvm_op as domain {@code caller}. Only HVMOP_set_evtchn_upcall_vector (23) is modelled; another
 * sub-op number is passed through with no argument and gets Xen's -ENOSYS.
 */
final class HvmHandler implements OpHandler {

    static final String SET_EVTCHN_UPCALL_VECTOR = "set_evtchn_upcall_vector";
    private static final Set<String> FIELDS = Set.of("op", "caller", "cmd", "vcpu", "vector");
    private static final int MAX_U8 = 0xFF;

    private final ConsoleSession session;

    HvmHandler(ConsoleSession session) {
        this.session = session;
    }

    @Override
    public ObjectNode handle(JsonFields line) {
        line.onlyKnown(FIELDS);
        int caller = session.existingDomain("caller", line.domid("caller"));
        long op = op(line);
        GuestHandle<HvmIn.SetEvtchnUpcallVector> arg = null;
        if (op == HvmIn.SetEvtchnUpcallVector.SUBOP) {
            // struct xen_hvm_evtchn_upcall_vector: uint32_t vcpu, uint8_t vector.
            long vector = line.longValue("vector");
            if (vector < 0 || vector > MAX_U8) {
                throw new ConsoleInputException("vector", "must fit in a uint8_t (0..255), got " + vector);
            }
            arg = GuestHandle.of(new HvmIn.SetEvtchnUpcallVector(line.u32("vcpu", CType.UINT32), (int) vector));
        }
        return Answers.of(session.host().hvmOp(caller, op, arg));
    }

    /** The sub-op: its name, or a number of do_hvm_op's {@code unsigned long op}. */
    private static long op(JsonFields line) {
        JsonNode cmd = line.raw("cmd");
        if (cmd == null || cmd.isNull()) {
            throw new ConsoleInputException("cmd", "missing");
        }
        if (cmd.isTextual()) {
            if (!cmd.asText().equals(SET_EVTCHN_UPCALL_VECTOR)) {
                throw new ConsoleInputException("cmd", "unknown hvm command '" + cmd.asText() + "' (the console models "
                        + SET_EVTCHN_UPCALL_VECTOR + ")");
            }
            return HvmIn.SetEvtchnUpcallVector.SUBOP;
        }
        if (cmd.isIntegralNumber()) {
            return line.unsigned("cmd", CType.UNSIGNED_LONG);
        }
        throw JsonFields.wrongType("cmd", "a command name or number", cmd);
    }
}
