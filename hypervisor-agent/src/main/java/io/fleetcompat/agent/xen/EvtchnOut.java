package io.fleetcompat.agent.xen;

import java.util.LinkedHashMap;
import java.util.Map;

/** OUT parameters of each EVTCHNOP, one record per command (empty where Xen copies nothing back). */
public sealed interface EvtchnOut {

    /** Xen field name to value, for observers and the console. */
    default Map<String, Long> fields() {
        return Map.of();
    }

    record BindInterdomain(int localPort) implements EvtchnOut {
        public Map<String, Long> fields() {
            return Map.of("local_port", (long) localPort);
        }
    }

    record BindVirq(int port) implements EvtchnOut {
        public Map<String, Long> fields() {
            return Map.of("port", (long) port);
        }
    }

    record BindPirq(int port) implements EvtchnOut {
        public Map<String, Long> fields() {
            return Map.of("port", (long) port);
        }
    }

    record Close() implements EvtchnOut {
    }

    record Send() implements EvtchnOut {
    }

    /**
     * EVTCHNOP_status output: the union is flattened; only the fields of {@code status} are meaningful
     * (unbound: remoteDom; interdomain: dom + port; pirq; virq).
     */
    record Status(EvtchnStatus status, int vcpu, int remoteDom, int dom, int port, int pirq, int virq)
            implements EvtchnOut {

        public static Status closed(int vcpu) {
            return new Status(EvtchnStatus.CLOSED, vcpu, 0, 0, 0, 0, 0);
        }

        public Map<String, Long> fields() {
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("status", (long) status.code());
            m.put("vcpu", (long) vcpu);
            switch (status) {
                case UNBOUND -> m.put("remote_dom", (long) remoteDom);
                case INTERDOMAIN -> {
                    m.put("dom", (long) dom);
                    m.put("port", (long) port);
                }
                case PIRQ -> m.put("pirq", (long) pirq);
                case VIRQ -> m.put("virq", (long) virq);
                default -> {
                }
            }
            return m;
        }
    }

    record AllocUnbound(int port) implements EvtchnOut {
        public Map<String, Long> fields() {
            return Map.of("port", (long) port);
        }
    }

    record BindIpi(int port) implements EvtchnOut {
        public Map<String, Long> fields() {
            return Map.of("port", (long) port);
        }
    }

    record BindVcpu() implements EvtchnOut {
    }

    record Unmask() implements EvtchnOut {
    }

    record Reset() implements EvtchnOut {
    }

    record InitControl(int linkBits) implements EvtchnOut {
        public Map<String, Long> fields() {
            return Map.of("link_bits", (long) linkBits);
        }
    }

    record ExpandArray() implements EvtchnOut {
    }

    record SetPriority() implements EvtchnOut {
    }

    record ResetCont() implements EvtchnOut {
    }
}
