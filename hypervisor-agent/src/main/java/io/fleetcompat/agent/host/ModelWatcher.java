package io.fleetcompat.agent.host;

import io.fleetcompat.agent.guest.GuestEvent;
import io.fleetcompat.agent.xen.EvtchnCmd;
import io.fleetcompat.agent.xen.HvmIn;
import io.fleetcompat.agent.xen.ModelEvent;
import io.fleetcompat.agent.xen.ModelObserver;
import io.fleetcompat.agent.xen.XenEvent;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The toolstack's observer on its host's model: forwards hypercall results as records, and remembers what the
 * lifecycle steps need but the model only publishes (the boot-time init_control result, the last createdomain
 * rejection, a guest's BUG line).
 */
final class ModelWatcher implements ModelObserver {

    private static final int INIT_CONTROL = EvtchnCmd.INIT_CONTROL.number();
    private static final Set<Integer> FIFO_OPS = Arrays.stream(EvtchnCmd.values()).filter(EvtchnCmd::isFifoOp)
            .map(EvtchnCmd::number).collect(Collectors.toUnmodifiableSet());

    private final HypercallReporting reporting;
    private final IntFunction<Optional<String>> instanceOfDomid;
    private final EventSink sink;
    private final Map<Integer, Integer> bootInitControlRc = new HashMap<>();
    private final Map<Integer, String> bugs = new HashMap<>();
    private Optional<XenEvent.DomainCreated> lastCreate = Optional.empty();

    ModelWatcher(HypercallReporting reporting, IntFunction<Optional<String>> instanceOfDomid, EventSink sink) {
        this.reporting = reporting;
        this.instanceOfDomid = instanceOfDomid;
        this.sink = sink;
    }

    @Override
    public void observe(ModelEvent event) {
        if (event instanceof XenEvent.Hypercall) {
            hypercall((XenEvent.Hypercall) event);
        } else if (event instanceof XenEvent.DomainCreated) {
            lastCreate = Optional.of((XenEvent.DomainCreated) event);
        } else if (event instanceof GuestEvent.Bug) {
            bugs.put(event.domid(), ((GuestEvent.Bug) event).reason());
        }
    }

    /** Forgets what an earlier domain with this domid left behind. */
    void forget(int domid) {
        bootInitControlRc.remove(domid);
        bugs.remove(domid);
    }

    /** The first init_control the domain issued since {@link #forget}; empty when its kernel never tried FIFO. */
    OptionalInt bootInitControlRc(int domid) {
        Integer rc = bootInitControlRc.get(domid);
        return rc == null ? OptionalInt.empty() : OptionalInt.of(rc);
    }

    Optional<String> bug(int domid) {
        return Optional.ofNullable(bugs.get(domid));
    }

    Optional<XenEvent.DomainCreated> lastCreate() {
        return lastCreate;
    }

    private void hypercall(XenEvent.Hypercall h) {
        boolean evtchn = h.hypercall().equals("event_channel_op");
        if (evtchn && h.cmd() == INIT_CONTROL) {
            bootInitControlRc.putIfAbsent(h.domid(), h.rc());
        }
        if (!reported(h, evtchn)) {
            return;
        }
        String prefix = evtchn ? "EVTCHNOP_" : "HVMOP_";
        String command = h.cmdName().equals("unknown") ? "unknown" : prefix + h.cmdName();
        sink.emit((host, time) -> new HostEvent.HypercallResult(host, time, instanceOfDomid.apply(h.domid()),
                h.domid(), evtchn ? EvtchnCmd.HYPERCALL : HvmIn.HYPERCALL, h.hypercall(), h.cmd(), command, h.rc(),
                h.errno().map(Enum::name), h.vcpu(), h.args()));
    }

    private boolean reported(XenEvent.Hypercall h, boolean evtchn) {
        switch (reporting) {
            case ALL:
                return true;
            case ABI_RELEVANT:
                return h.rc() < 0 || !evtchn || FIFO_OPS.contains(h.cmd());
            default:
                return false;
        }
    }
}
