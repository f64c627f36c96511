package io.fleetcompat.agent.xen;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * do_event_channel_op (§2.1): unknown command, per-domain gate, argument read, build stub, one method per
 * command, copy out only on success. Every result is published to the observers.
 */
final class EventChannelDispatcher {

    private final HostState host;
    private final BindOps binds;
    private final ChannelOps channels;
    private final FifoControlOps fifo;
    private final ResetOps resets;

    EventChannelDispatcher(HostState host) {
        this.host = host;
        this.binds = new BindOps(host);
        this.channels = new ChannelOps(host);
        this.fifo = new FifoControlOps(host);
        this.resets = new ResetOps(host, channels);
    }

    ChannelOps channels() {
        return channels;
    }

    OpResult<? extends EvtchnOut> dispatch(int callerId, int cmd, GuestHandle<? extends EvtchnIn<?>> arg) {
        return arg == null ? dispatch(callerId, cmd, null, false, false)
                : dispatch(callerId, cmd, arg.value(), arg.readable(), arg.writable());
    }

    /**
     * The same with the handle taken apart: {@code readable} / {@code writable} say whether copy_from_guest and
     * copy_to_guest would succeed ({@link GuestHandle}); no handle at all reads as unreadable.
     */
    OpResult<? extends EvtchnOut> dispatch(int callerId, int cmd, EvtchnIn<?> arg, boolean readable,
                                           boolean writable) {
        Domain caller = host.caller(callerId);
        OpResult<? extends EvtchnOut> result = run(caller, cmd, arg, readable, writable);
        if (host.observed()) {
            publish(callerId, cmd, arg, result);
        }
        return result;
    }

    private OpResult<? extends EvtchnOut> run(Domain caller, int number, EvtchnIn<?> arg, boolean readable,
                                              boolean writable) {
        EvtchnCmd cmd = EvtchnCmd.knownOrNull(number, host.profile());
        if (cmd == null) {
            return OpResult.failed(Errno.ENOSYS);
        }
        // §1.5: the per-domain gate runs before the argument is read.
        Optional<Errno> gate = FifoGate.check(caller, cmd);
        if (gate.isPresent()) {
            return OpResult.failed(gate.get());
        }
        if (!readable) {
            return OpResult.failed(Errno.EFAULT);
        }
        EvtchnIn<?> in = argumentFor(cmd, arg);
        Optional<Errno> stub = FifoBuildStub.check(host.config(), cmd);
        if (stub.isPresent()) {
            return OpResult.failed(stub.get());
        }
        OpResult<? extends EvtchnOut> result = invoke(caller, cmd, in);
        // §2.1: a failed copy-out is -EFAULT, but the state change stays.
        if (!writable && result.isOk() && cmd.hasOutput()) {
            return OpResult.failed(Errno.EFAULT);
        }
        return result;
    }

    private OpResult<? extends EvtchnOut> invoke(Domain caller, EvtchnCmd cmd, EvtchnIn<?> in) {
        switch (cmd) {
            case BIND_INTERDOMAIN:
                return binds.bindInterdomain(caller, (EvtchnIn.BindInterdomain) in);
            case BIND_VIRQ:
                return binds.bindVirq(caller, (EvtchnIn.BindVirq) in);
            case BIND_PIRQ:
                return binds.bindPirq(caller, (EvtchnIn.BindPirq) in);
            case CLOSE:
                return channels.close(caller, (EvtchnIn.Close) in);
            case SEND:
                return channels.send(caller, (EvtchnIn.Send) in);
            case STATUS:
                return channels.status(caller, (EvtchnIn.Status) in);
            case ALLOC_UNBOUND:
                return binds.allocUnbound(caller, (EvtchnIn.AllocUnbound) in);
            case BIND_IPI:
                return binds.bindIpi(caller, (EvtchnIn.BindIpi) in);
            case BIND_VCPU:
                return channels.bindVcpu(caller, (EvtchnIn.BindVcpu) in);
            case UNMASK:
                return channels.unmask(caller, (EvtchnIn.Unmask) in);
            case RESET:
                return reset(caller, ((EvtchnIn.Reset) in).dom(), false, new EvtchnOut.Reset());
            case INIT_CONTROL:
                return fifo.initControl(caller, (EvtchnIn.InitControl) in);
            case EXPAND_ARRAY:
                return fifo.expandArray(caller, (EvtchnIn.ExpandArray) in);
            case SET_PRIORITY:
                return channels.setPriority(caller, (EvtchnIn.SetPriority) in);
            case RESET_CONT:
                return reset(caller, ((EvtchnIn.ResetCont) in).dom(), true, new EvtchnOut.ResetCont());
            default:
                throw new IllegalStateException("no handler for " + cmd);
        }
    }

    /** A preempted reset continues as command 14 through the whole dispatcher, as Xen's continuation does. */
    private OpResult<? extends EvtchnOut> reset(Domain caller, int dom, boolean continuation, EvtchnOut out) {
        Optional<Errno> rc = resets.reset(caller, dom, continuation);
        if (rc.isEmpty()) {
            return OpResult.ok(out);
        }
        if (rc.get() != Errno.ERESTART) {
            return OpResult.failed(rc.get());
        }
        host.faults().runBetweenSegments();
        return run(caller, EvtchnCmd.RESET_CONT.number(), new EvtchnIn.ResetCont(dom), true, true);
    }

    /** reset_cont reads struct evtchn_reset, so a Reset record is accepted for it; anything else is a bug. */
    private static EvtchnIn<?> argumentFor(EvtchnCmd cmd, EvtchnIn<?> in) {
        if (cmd == EvtchnCmd.RESET_CONT && in instanceof EvtchnIn.Reset) {
            return new EvtchnIn.ResetCont(((EvtchnIn.Reset) in).dom());
        }
        if (in == null || in.cmd() != cmd) {
            throw new IllegalArgumentException("argument " + in + " does not belong to EVTCHNOP_" + cmd.xenName());
        }
        return in;
    }

    private void publish(int callerId, int cmd, EvtchnIn<?> in, OpResult<? extends EvtchnOut> result) {
        EvtchnCmd known = EvtchnCmd.knownOrNull(cmd, host.profile());
        host.publish(new XenEvent.Hypercall(callerId, "event_channel_op", cmd,
                known == null ? "unknown" : known.xenName(), result.rc(), result.errno(), vcpuOf(in),
                OpFields.in(in), OpFields.out(result)));
    }

    /** The IN record's vcpu field, for the commands that have one. */
    private static OptionalInt vcpuOf(EvtchnIn<?> in) {
        if (in instanceof EvtchnIn.BindVirq b) {
            return OptionalInt.of(b.vcpu());
        }
        if (in instanceof EvtchnIn.BindIpi b) {
            return OptionalInt.of(b.vcpu());
        }
        if (in instanceof EvtchnIn.BindVcpu b) {
            return OptionalInt.of(b.vcpu());
        }
        if (in instanceof EvtchnIn.InitControl i) {
            return OptionalInt.of(i.vcpu());
        }
        return OptionalInt.empty();
    }
}
