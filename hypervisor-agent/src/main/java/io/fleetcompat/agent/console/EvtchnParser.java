package io.fleetcompat.agent.console;

import io.fleetcompat.agent.xen.EvtchnCmd;
import io.fleetcompat.agent.xen.EvtchnIn;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Maps an {@code evtchn} line to the model's IN record, reading Xen's struct field names (hv-console.md
 * "Hypercalls"). Domain fields accept "SELF"; every other IN field is required except bind_pirq's flags. Each
 * field takes the whole range of its C type: a uint32_t above 2^31 - 1 reaches the model as the int with the
 * same bits, which the model reads as the huge unsigned value it is.
 */
final class EvtchnParser {

    static final Set<String> COMMON_FIELDS = Set.of("op", "caller", "cmd");

    /** The fields one command reads and how it builds its IN record from them. */
    private record InSpec(List<String> fields, Function<JsonFields, EvtchnIn<?>> read) {
    }

    private static final Map<EvtchnCmd, InSpec> SPECS = new EnumMap<>(EvtchnCmd.class);

    // Field types as in Xen's public event_channel.h: ports are evtchn_port_t, domains domid_t (or DOMID_SELF),
    // vcpu / virq / pirq / flags / offset / priority uint32_t, the frames uint64_t.
    static {
        spec(EvtchnCmd.BIND_INTERDOMAIN, l -> new EvtchnIn.BindInterdomain(l.domidOrSelf("remote_dom"),
                port(l, "remote_port")), "remote_dom", "remote_port");
        spec(EvtchnCmd.BIND_VIRQ, l -> new EvtchnIn.BindVirq(u32(l, "virq"), u32(l, "vcpu")), "virq", "vcpu");
        spec(EvtchnCmd.BIND_PIRQ, l -> new EvtchnIn.BindPirq(u32(l, "pirq"), l.u32("flags", CType.UINT32, 0)),
                "pirq", "flags");
        spec(EvtchnCmd.CLOSE, l -> new EvtchnIn.Close(port(l, "port")), "port");
        spec(EvtchnCmd.SEND, l -> new EvtchnIn.Send(port(l, "port")), "port");
        spec(EvtchnCmd.STATUS, l -> new EvtchnIn.Status(l.domidOrSelf("dom"), port(l, "port")), "dom", "port");
        spec(EvtchnCmd.ALLOC_UNBOUND, l -> new EvtchnIn.AllocUnbound(l.domidOrSelf("dom"),
                l.domidOrSelf("remote_dom")), "dom", "remote_dom");
        spec(EvtchnCmd.BIND_IPI, l -> new EvtchnIn.BindIpi(u32(l, "vcpu")), "vcpu");
        spec(EvtchnCmd.BIND_VCPU, l -> new EvtchnIn.BindVcpu(port(l, "port"), u32(l, "vcpu")), "port", "vcpu");
        spec(EvtchnCmd.UNMASK, l -> new EvtchnIn.Unmask(port(l, "port")), "port");
        spec(EvtchnCmd.RESET, l -> new EvtchnIn.Reset(l.domidOrSelf("dom")), "dom");
        spec(EvtchnCmd.INIT_CONTROL, l -> new EvtchnIn.InitControl(l.unsigned("control_gfn", CType.UINT64),
                u32(l, "offset"), u32(l, "vcpu")), "control_gfn", "offset", "vcpu");
        spec(EvtchnCmd.EXPAND_ARRAY, l -> new EvtchnIn.ExpandArray(l.unsigned("array_gfn", CType.UINT64)),
                "array_gfn");
        spec(EvtchnCmd.SET_PRIORITY, l -> new EvtchnIn.SetPriority(port(l, "port"), u32(l, "priority")),
                "port", "priority");
        spec(EvtchnCmd.RESET_CONT, l -> new EvtchnIn.ResetCont(l.domidOrSelf("dom")), "dom");
    }

    private static int port(JsonFields line, String field) {
        return line.u32(field, CType.EVTCHN_PORT);
    }

    private static int u32(JsonFields line, String field) {
        return line.u32(field, CType.UINT32);
    }

    private EvtchnParser() {
    }

    private static void spec(EvtchnCmd cmd, Function<JsonFields, EvtchnIn<?>> read, String... fields) {
        SPECS.put(cmd, new InSpec(List.of(fields), read));
    }

    /** The command a name or a JSON integer stands for; an integer Xen does not define has no record. */
    static EvtchnCmd byName(String name) {
        return EvtchnCmd.byName(name).orElseThrow(() -> new ConsoleInputException("cmd",
                "unknown evtchn command '" + name + "' (one of "
                        + Arrays.stream(EvtchnCmd.values()).map(EvtchnCmd::xenName).toList() + ")"));
    }

    /** Reads {@code cmd}'s IN record; the line may carry no field the command does not read. */
    static EvtchnIn<?> read(EvtchnCmd cmd, JsonFields line) {
        InSpec spec = SPECS.get(cmd);
        Set<String> allowed = new HashSet<>(COMMON_FIELDS);
        allowed.addAll(spec.fields());
        line.onlyKnown(allowed);
        return spec.read().apply(line);
    }
}
