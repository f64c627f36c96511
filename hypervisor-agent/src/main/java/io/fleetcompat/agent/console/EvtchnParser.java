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
 * "Hypercalls"). Domain fields accept "SELF"; every other IN field is required except bind_pirq's flags.
 */
final class EvtchnParser {

    static final Set<String> COMMON_FIELDS = Set.of("op", "caller", "cmd");

    /** The fields one command reads and how it builds its IN record from them. */
    private record InSpec(List<String> fields, Function<JsonFields, EvtchnIn<?>> read) {
    }

    private static final Map<EvtchnCmd, InSpec> SPECS = new EnumMap<>(EvtchnCmd.class);

    static {
        spec(EvtchnCmd.BIND_INTERDOMAIN, l -> new EvtchnIn.BindInterdomain(l.domidOrSelf("remote_dom"),
                l.integer("remote_port")), "remote_dom", "remote_port");
        spec(EvtchnCmd.BIND_VIRQ, l -> new EvtchnIn.BindVirq(l.integer("virq"), l.integer("vcpu")), "virq", "vcpu");
        spec(EvtchnCmd.BIND_PIRQ, l -> new EvtchnIn.BindPirq(l.integer("pirq"), l.integer("flags", 0)),
                "pirq", "flags");
        spec(EvtchnCmd.CLOSE, l -> new EvtchnIn.Close(l.integer("port")), "port");
        spec(EvtchnCmd.SEND, l -> new EvtchnIn.Send(l.integer("port")), "port");
        spec(EvtchnCmd.STATUS, l -> new EvtchnIn.Status(l.domidOrSelf("dom"), l.integer("port")), "dom", "port");
        spec(EvtchnCmd.ALLOC_UNBOUND, l -> new EvtchnIn.AllocUnbound(l.domidOrSelf("dom"),
                l.domidOrSelf("remote_dom")), "dom", "remote_dom");
        spec(EvtchnCmd.BIND_IPI, l -> new EvtchnIn.BindIpi(l.integer("vcpu")), "vcpu");
        spec(EvtchnCmd.BIND_VCPU, l -> new EvtchnIn.BindVcpu(l.integer("port"), l.integer("vcpu")), "port", "vcpu");
        spec(EvtchnCmd.UNMASK, l -> new EvtchnIn.Unmask(l.integer("port")), "port");
        spec(EvtchnCmd.RESET, l -> new EvtchnIn.Reset(l.domidOrSelf("dom")), "dom");
        spec(EvtchnCmd.INIT_CONTROL, l -> new EvtchnIn.InitControl(l.longValue("control_gfn"), l.integer("offset"),
                l.integer("vcpu")), "control_gfn", "offset", "vcpu");
        spec(EvtchnCmd.EXPAND_ARRAY, l -> new EvtchnIn.ExpandArray(l.longValue("array_gfn")), "array_gfn");
        spec(EvtchnCmd.SET_PRIORITY, l -> new EvtchnIn.SetPriority(l.integer("port"), l.integer("priority")),
                "port", "priority");
        spec(EvtchnCmd.RESET_CONT, l -> new EvtchnIn.ResetCont(l.domidOrSelf("dom")), "dom");
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
