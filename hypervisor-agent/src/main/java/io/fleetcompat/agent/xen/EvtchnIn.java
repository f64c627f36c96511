package io.fleetcompat.agent.xen;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IN parameters of each EVTCHNOP, one record per command, with Xen's struct field names (§2.3). The type
 * parameter is the command's OUT record, so a typed call returns a typed result.
 */
public sealed interface EvtchnIn<O extends EvtchnOut> {

    EvtchnCmd cmd();

    /** Xen field name to value, for observers and the console. */
    Map<String, Long> args();

    private static Map<String, Long> fields(Object... nameValue) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], ((Number) nameValue[i + 1]).longValue());
        }
        return m;
    }

    record BindInterdomain(int remoteDom, int remotePort) implements EvtchnIn<EvtchnOut.BindInterdomain> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.BIND_INTERDOMAIN;
        }

        public Map<String, Long> args() {
            return fields("remote_dom", remoteDom, "remote_port", remotePort);
        }
    }

    record BindVirq(int virq, int vcpu) implements EvtchnIn<EvtchnOut.BindVirq> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.BIND_VIRQ;
        }

        public Map<String, Long> args() {
            return fields("virq", virq, "vcpu", vcpu);
        }
    }

    /** {@code flags} bit 0 = BIND_PIRQ__WILL_SHARE. */
    record BindPirq(int pirq, int flags) implements EvtchnIn<EvtchnOut.BindPirq> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.BIND_PIRQ;
        }

        public Map<String, Long> args() {
            return fields("pirq", pirq, "flags", flags);
        }
    }

    record Close(int port) implements EvtchnIn<EvtchnOut.Close> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.CLOSE;
        }

        public Map<String, Long> args() {
            return fields("port", port);
        }
    }

    record Send(int port) implements EvtchnIn<EvtchnOut.Send> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.SEND;
        }

        public Map<String, Long> args() {
            return fields("port", port);
        }
    }

    record Status(int dom, int port) implements EvtchnIn<EvtchnOut.Status> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.STATUS;
        }

        public Map<String, Long> args() {
            return fields("dom", dom, "port", port);
        }
    }

    record AllocUnbound(int dom, int remoteDom) implements EvtchnIn<EvtchnOut.AllocUnbound> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.ALLOC_UNBOUND;
        }

        public Map<String, Long> args() {
            return fields("dom", dom, "remote_dom", remoteDom);
        }
    }

    record BindIpi(int vcpu) implements EvtchnIn<EvtchnOut.BindIpi> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.BIND_IPI;
        }

        public Map<String, Long> args() {
            return fields("vcpu", vcpu);
        }
    }

    record BindVcpu(int port, int vcpu) implements EvtchnIn<EvtchnOut.BindVcpu> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.BIND_VCPU;
        }

        public Map<String, Long> args() {
            return fields("port", port, "vcpu", vcpu);
        }
    }

    record Unmask(int port) implements EvtchnIn<EvtchnOut.Unmask> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.UNMASK;
        }

        public Map<String, Long> args() {
            return fields("port", port);
        }
    }

    record Reset(int dom) implements EvtchnIn<EvtchnOut.Reset> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.RESET;
        }

        public Map<String, Long> args() {
            return fields("dom", dom);
        }
    }

    record InitControl(long controlGfn, int offset, int vcpu) implements EvtchnIn<EvtchnOut.InitControl> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.INIT_CONTROL;
        }

        public Map<String, Long> args() {
            return fields("control_gfn", controlGfn, "offset", offset, "vcpu", vcpu);
        }
    }

    record ExpandArray(long arrayGfn) implements EvtchnIn<EvtchnOut.ExpandArray> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.EXPAND_ARRAY;
        }

        public Map<String, Long> args() {
            return fields("array_gfn", arrayGfn);
        }
    }

    record SetPriority(int port, int priority) implements EvtchnIn<EvtchnOut.SetPriority> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.SET_PRIORITY;
        }

        public Map<String, Long> args() {
            return fields("port", port, "priority", priority);
        }
    }

    /** reset_cont reads the same struct evtchn_reset as reset (§5). */
    record ResetCont(int dom) implements EvtchnIn<EvtchnOut.ResetCont> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.RESET_CONT;
        }

        public Map<String, Long> args() {
            return fields("dom", dom);
        }
    }
}
