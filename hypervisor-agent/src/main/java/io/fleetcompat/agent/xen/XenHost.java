package io.fleetcompat.agent.xen;

import java.util.Optional;

/**
 * One Xen host: the entry point of the model. Domains are created and controlled through the domctls; guests
 * act only through {@link #eventChannelOp} / {@link #hvmOp} as a caller domain, and through writes to their
 * own memory ({@link #sharedInfo}, {@link #guestMemory}). Methods marked "model-side" stand for things Xen
 * does on its own (a timer VIRQ firing, an in-hypervisor consumer attaching a channel).
 */
public final class XenHost {

    private final HostState state;
    private final EventChannelDispatcher evtchn;
    private final HvmOps hvm;
    private final DomainControl domctl;

    /** Boots the host: dom0 exists as the privileged control domain. */
    public XenHost(HostConfig config) {
        this.state = new HostState(config);
        this.evtchn = new EventChannelDispatcher(state);
        this.hvm = new HvmOps(state);
        this.domctl = new DomainControl(state, evtchn.channels());
        domctl.createControlDomain();
    }

    public static XenHost of(XenProfile profile) {
        return new XenHost(HostConfig.of(profile));
    }

    public HostConfig config() {
        return state.config();
    }

    public XenProfile profile() {
        return state.profile();
    }

    // ---- domctls ----

    public CreateResult createDomain(DomainConfig cfg) {
        return domctl.create(cfg, false);
    }

    public OpResult<DomctlOut> destroyDomain(int domid) {
        return domctl.destroy(domid);
    }

    public OpResult<DomctlOut> pauseDomain(int domid) {
        return domctl.pause(domid);
    }

    public OpResult<DomctlOut> unpauseDomain(int domid) {
        return domctl.unpause(domid);
    }

    // ---- hypercalls ----

    /** event_channel_op as domain {@code caller}, with a readable and writable argument. */
    @SuppressWarnings("unchecked")
    public <O extends EvtchnOut> OpResult<O> eventChannelOp(int caller, EvtchnIn<O> in) {
        // The IN record's type fixes the command, and so the OUT record's type.
        return (OpResult<O>) evtchn.dispatch(caller, in.cmd().number(), in, true, true);
    }

    /** event_channel_op with an argument that may be unreadable or uncopyable (§2.1). */
    @SuppressWarnings("unchecked")
    public <O extends EvtchnOut> OpResult<O> eventChannelOp(int caller, GuestHandle<? extends EvtchnIn<O>> arg) {
        // The IN record's type fixes the command, and so the OUT record's type.
        return (OpResult<O>) evtchn.dispatch(caller, arg.value().cmd().number(), arg);
    }

    /** event_channel_op with a raw command number (unknown ones give -ENOSYS); {@code arg} may be null. */
    public OpResult<? extends EvtchnOut> eventChannelOp(int caller, int cmd, GuestHandle<? extends EvtchnIn<?>> arg) {
        return evtchn.dispatch(caller, cmd, arg);
    }

    public OpResult<HvmOut> hvmOp(int caller, int subop, GuestHandle<HvmIn.SetEvtchnUpcallVector> arg) {
        return hvm.dispatch(caller, subop, arg);
    }

    /**
     * hvm_op with its sub-op as Xen takes it, an {@code unsigned long} (the 64 bits held in {@code op}): any
     * value but 23 gets -ENOSYS. An int sub-op above is the same call for the values an int holds.
     */
    public OpResult<HvmOut> hvmOp(int caller, long op, GuestHandle<HvmIn.SetEvtchnUpcallVector> arg) {
        return hvm.dispatch(caller, op, arg);
    }

    public OpResult<HvmOut> setEvtchnUpcallVector(int caller, int vcpu, int vector) {
        return hvmOp(caller, HvmIn.SetEvtchnUpcallVector.SUBOP,
                GuestHandle.of(new HvmIn.SetEvtchnUpcallVector(vcpu, vector)));
    }

    // ---- state ----

    public Optional<Domain> domain(int domid) {
        return state.domain(domid);
    }

    public Domain requireDomain(int domid) {
        Domain d = state.find(domid);
        if (d == null) {
            throw new IllegalArgumentException("no domain " + domid);
        }
        return d;
    }

    /** The domain's shared-info page: guest-owned, so guest kernels write mask/pending bits here directly. */
    public SharedInfo sharedInfo(int domid) {
        return requireDomain(domid).sharedInfo();
    }

    /** The domain's frames: guest-owned; FIFO control blocks and event arrays live in them. */
    public GuestMemory guestMemory(int domid) {
        return requireDomain(domid).memory();
    }

    /** Upcalls delivered to the domain so far, over all its vCPUs (the sum of inspect's per-vCPU counts). */
    public long upcalls(int domid) {
        return requireDomain(domid).upcalls();
    }

    public DomainView inspect(int domid) {
        return Inspector.domain(requireDomain(domid));
    }

    /** One port, FREE included; the port must be valid. */
    public DomainView.PortView inspectPort(int domid, int port) {
        Domain d = requireDomain(domid);
        if (!d.isValidPort(port)) {
            throw new IllegalArgumentException("port " + port + " is not valid in domain " + domid);
        }
        return Inspector.port(d, port);
    }

    // ---- model-side ----

    /**
     * Model-side: Xen allocates a channel for an in-hypervisor consumer (ioreq server, vm_event ring), UNBOUND
     * accepting {@code remoteDomid}; the far side binds to it with bind_interdomain.
     */
    public OpResult<Integer> allocXenAttachedChannel(int domid, int remoteDomid, XenConsumer consumer) {
        Domain d = requireDomain(domid);
        OpResult<Integer> port = state.allocator().allocate(d);
        if (port.isOk()) {
            Channel ch = d.channel(port.out());
            ch.bindUnbound(remoteDomid);
            ch.attachToXen(consumer);
            d.portOps().bind(ch);
        }
        return port;
    }

    /** Model-side: Xen fires a VIRQ (send_guest_vcpu_virq / send_guest_global_virq); unbound ones are lost. */
    public void sendVirq(int domid, int virq, int vcpu) {
        Domain d = requireDomain(domid);
        boolean perVcpu = VirqType.of(virq, d.profile()) == VirqType.PER_VCPU;
        Vcpu v = d.vcpu(perVcpu ? vcpu : 0).orElseThrow(() -> new IllegalArgumentException("no vcpu " + vcpu));
        int port = v.virqPort(virq);
        if (port == 0) {
            return;
        }
        Channel ch = d.channel(port);
        if (perVcpu) {
            d.raise(v.id(), ch);
        } else {
            d.raise(ch);
        }
    }

    /** Model-side: the toolstack (or the guest, for CALLBACK_IRQ) sets an HVM param. */
    public void setHvmParam(int domid, HvmParam param, long value) {
        requireDomain(domid).setParam(param, value);
    }

    public long hvmParam(int domid, HvmParam param) {
        return requireDomain(domid).param(param);
    }

    /** Model-side: domain_kill has begun but references still hold the domain (allocation gives -EINVAL). */
    public void markDying(int domid) {
        requireDomain(domid).markDying();
    }

    public FaultInjector faults() {
        return state.faults();
    }

    public void addObserver(ModelObserver observer) {
        state.addObserver(observer);
    }

    /** Lets the guest-kernel layer report its lifecycle steps through the same observers. */
    public void publish(ModelEvent event) {
        state.publish(event);
    }
}
