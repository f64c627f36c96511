package io.fleetcompat.agent.xen;

import java.util.Map;

/**
 * IN parameters of each EVTCHNOP, one record per command, with Xen's struct field names (§2.3). The type
 * parameter is the command's OUT record, so a typed call returns a typed result. Fields Xen declares
 * {@code uint32_t} or {@code evtchn_port_t} are Java ints holding the same 32 bits: a value above 2^31 - 1 is a
 * negative int, and every check treats it as the huge unsigned value it is ({@link #args} reports it unsigned).
 * {@code domid_t} fields hold 0..65535; the gfns are {@code uint64_t} in a long.
 */
public sealed interface EvtchnIn<O extends EvtchnOut> {

    EvtchnCmd cmd();

    /** Xen field name to value (uint32 fields as unsigned), for observers; iteration order is unspecified. */
    Map<String, Long> args();

    private static long u32(int value) {
        return Integer.toUnsignedLong(value);
    }

    record BindInterdomain(int remoteDom, int remotePort) implements EvtchnIn<EvtchnOut.BindInterdomain> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.BIND_INTERDOMAIN;
        }

        public Map<String, Long> args() {
            return Map.of("remote_dom", (long) remoteDom, "remote_port", u32(remotePort));
        }
    }

    record BindVirq(int virq, int vcpu) implements EvtchnIn<EvtchnOut.BindVirq> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.BIND_VIRQ;
        }

        public Map<String, Long> args() {
            return Map.of("virq", u32(virq), "vcpu", u32(vcpu));
        }
    }

    /** {@code flags} bit 0 = BIND_PIRQ__WILL_SHARE. */
    record BindPirq(int pirq, int flags) implements EvtchnIn<EvtchnOut.BindPirq> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.BIND_PIRQ;
        }

        public Map<String, Long> args() {
            return Map.of("pirq", u32(pirq), "flags", u32(flags));
        }
    }

    record Close(int port) implements EvtchnIn<EvtchnOut.Close> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.CLOSE;
        }

        public Map<String, Long> args() {
            return Map.of("port", u32(port));
        }
    }

    record Send(int port) implements EvtchnIn<EvtchnOut.Send> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.SEND;
        }

        public Map<String, Long> args() {
            return Map.of("port", u32(port));
        }
    }

    record Status(int dom, int port) implements EvtchnIn<EvtchnOut.Status> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.STATUS;
        }

        public Map<String, Long> args() {
            return Map.of("dom", (long) dom, "port", u32(port));
        }
    }

    record AllocUnbound(int dom, int remoteDom) implements EvtchnIn<EvtchnOut.AllocUnbound> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.ALLOC_UNBOUND;
        }

        public Map<String, Long> args() {
            return Map.of("dom", (long) dom, "remote_dom", (long) remoteDom);
        }
    }

    record BindIpi(int vcpu) implements EvtchnIn<EvtchnOut.BindIpi> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.BIND_IPI;
        }

        public Map<String, Long> args() {
            return Map.of("vcpu", u32(vcpu));
        }
    }

    record BindVcpu(int port, int vcpu) implements EvtchnIn<EvtchnOut.BindVcpu> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.BIND_VCPU;
        }

        public Map<String, Long> args() {
            return Map.of("port", u32(port), "vcpu", u32(vcpu));
        }
    }

    record Unmask(int port) implements EvtchnIn<EvtchnOut.Unmask> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.UNMASK;
        }

        public Map<String, Long> args() {
            return Map.of("port", u32(port));
        }
    }

    record Reset(int dom) implements EvtchnIn<EvtchnOut.Reset> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.RESET;
        }

        public Map<String, Long> args() {
            return Map.of("dom", (long) dom);
        }
    }

    record InitControl(long controlGfn, int offset, int vcpu) implements EvtchnIn<EvtchnOut.InitControl> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.INIT_CONTROL;
        }

        public Map<String, Long> args() {
            return Map.of("control_gfn", controlGfn, "offset", u32(offset), "vcpu", u32(vcpu));
        }
    }

    record ExpandArray(long arrayGfn) implements EvtchnIn<EvtchnOut.ExpandArray> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.EXPAND_ARRAY;
        }

        public Map<String, Long> args() {
            return Map.of("array_gfn", arrayGfn);
        }
    }

    record SetPriority(int port, int priority) implements EvtchnIn<EvtchnOut.SetPriority> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.SET_PRIORITY;
        }

        public Map<String, Long> args() {
            return Map.of("port", u32(port), "priority", u32(priority));
        }
    }

    /** reset_cont reads the same struct evtchn_reset as reset (§5). */
    record ResetCont(int dom) implements EvtchnIn<EvtchnOut.ResetCont> {
        public EvtchnCmd cmd() {
            return EvtchnCmd.RESET_CONT;
        }

        public Map<String, Long> args() {
            return Map.of("dom", (long) dom);
        }
    }
}
