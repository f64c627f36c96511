package io.fleetcompat.agent.xen;

/**
 * Xen's private struct evtchn (§0.4 Channel). Nothing here is guest-visible: the FIFO fields (priority,
 * saved-pending, last queue) live in Xen memory, apart from the event words in guest frames.
 */
public final class Channel {

    public static final int DEFAULT_PRIORITY = 7;

    private final int port;
    private ChannelState state = ChannelState.FREE;
    private int notifyVcpu;
    private boolean xenAttached;
    private XenConsumer xenConsumer;
    private int remoteDomid;
    private int remotePort;
    private int virq;
    private int pirq;
    private int priority = DEFAULT_PRIORITY;
    private boolean savedPending;
    private int lastVcpu;
    private int lastPriority = DEFAULT_PRIORITY;

    Channel(int port) {
        this.port = port;
    }

    public int port() {
        return port;
    }

    public ChannelState state() {
        return state;
    }

    public int notifyVcpu() {
        return notifyVcpu;
    }

    public boolean xenAttached() {
        return xenAttached;
    }

    /** UNBOUND: the domain it accepts from; INTERDOMAIN: the peer domain. */
    public int remoteDomid() {
        return remoteDomid;
    }

    /** INTERDOMAIN: the peer port. */
    public int remotePort() {
        return remotePort;
    }

    public int virq() {
        return virq;
    }

    public int pirq() {
        return pirq;
    }

    public int priority() {
        return priority;
    }

    /** Sticky (§4.4): set when an event arrives before the port's FIFO word exists, never cleared. */
    public boolean savedPending() {
        return savedPending;
    }

    public int lastVcpu() {
        return lastVcpu;
    }

    public int lastPriority() {
        return lastPriority;
    }

    /**
     * FREE with nothing Xen keeps across a free (default priority, no sticky saved-pending, last queue the
     * default one): indistinguishable from a port never used, so the domain need not keep the object.
     */
    boolean pristine() {
        return state == ChannelState.FREE && !savedPending && priority == DEFAULT_PRIORITY && lastVcpu == 0
                && lastPriority == DEFAULT_PRIORITY && notifyVcpu == 0 && !xenAttached && remoteDomid == 0
                && remotePort == 0 && virq == 0 && pirq == 0;
    }

    /** §0.3: usable = bound in some way and not Xen-attached. */
    public boolean usable() {
        return !xenAttached && state != ChannelState.FREE && state != ChannelState.RESERVED;
    }

    XenConsumer xenConsumer() {
        return xenConsumer;
    }

    void reserve() {
        state = ChannelState.RESERVED;
    }

    void bindUnbound(int acceptFrom) {
        state = ChannelState.UNBOUND;
        remoteDomid = acceptFrom;
        remotePort = 0;
    }

    void bindInterdomain(int peerDomid, int peerPort) {
        state = ChannelState.INTERDOMAIN;
        remoteDomid = peerDomid;
        remotePort = peerPort;
    }

    void bindVirq(int virqNumber, int vcpu) {
        state = ChannelState.VIRQ;
        virq = virqNumber;
        notifyVcpu = vcpu;
    }

    void bindIpi(int vcpu) {
        state = ChannelState.IPI;
        notifyVcpu = vcpu;
    }

    void bindPirq(int pirqNumber) {
        state = ChannelState.PIRQ;
        pirq = pirqNumber;
        notifyVcpu = 0;
    }

    void attachToXen(XenConsumer consumer) {
        xenAttached = true;
        xenConsumer = consumer;
    }

    /** §2.2 freeing: state FREE, notify vCPU 0, Xen-attached false; mask bits and LINKED untouched. */
    void free() {
        state = ChannelState.FREE;
        notifyVcpu = 0;
        xenAttached = false;
        xenConsumer = null;
        remoteDomid = 0;
        remotePort = 0;
        virq = 0;
        pirq = 0;
    }

    void setNotifyVcpu(int vcpu) {
        notifyVcpu = vcpu;
    }

    void setPriority(int value) {
        priority = value;
    }

    void markSavedPending() {
        savedPending = true;
    }

    void setLastQueue(int vcpu, int prio) {
        lastVcpu = vcpu;
        lastPriority = prio;
    }
}
