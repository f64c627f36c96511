package io.fleetcompat.agent.xen;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One domain as Xen holds it (§0.4 Domain). Xen-private state (channels, vCPUs, ABI ops, pause count, reset
 * cursor) sits beside the guest-owned shared-info page and guest frames.
 */
public final class Domain {

    public static final int DOMID_SELF = 0x7FF0;
    public static final int DOMID_INVALID = 0x7FF4;
    /** Channel objects are materialised 64 at a time (§2.2). */
    public static final int PORTS_PER_BUCKET = 64;

    private final int domid;
    private final DomainConfig config;
    private final int flags;
    private final HostConfig host;
    private final boolean privileged;
    private final List<Vcpu> vcpus = new ArrayList<>();
    private final SharedInfo sharedInfo;
    private final GuestMemory memory = new GuestMemory();
    private final List<Channel> channels = new ArrayList<>();
    private final Map<Integer, Integer> pirqToPort = new HashMap<>();
    private final Map<HvmParam, Long> params = new EnumMap<>(HvmParam.class);
    private EvtchnPortOps portOps;
    private int controllerPauseCount = 1;
    private boolean dying;
    private boolean resetInProgress;
    private int resetCursor;

    Domain(int domid, DomainConfig config, int grantedFlags, HostConfig host, boolean privileged) {
        this.domid = domid;
        this.config = config;
        this.flags = grantedFlags;
        this.host = host;
        this.privileged = privileged;
        for (int i = 0; i < config.maxVcpus(); i++) {
            vcpus.add(new Vcpu(i));
        }
        // Arm always uses the 64-bit layout (§2.2).
        int width = host.arch() == Arch.ARM ? 64 : config.guestWidth();
        this.sharedInfo = new SharedInfo(width, config.maxVcpus());
        this.portOps = new TwoLevelAbi(this);
        materialiseBucket();
        channels.get(0).reserve();
    }

    public int domid() {
        return domid;
    }

    public DomainConfig config() {
        return config;
    }

    /** The create flags Xen granted (after sanitisation, e.g. oos_off forced on for PV). */
    public int flags() {
        return flags;
    }

    public boolean hasFlag(String name) {
        int mask = profile().flagLayout().maskOf(name);
        return mask != 0 && (flags & mask) != 0;
    }

    public boolean hasFlag(CreateFlag flag) {
        return hasFlag(flag.xenName());
    }

    public boolean isHvm() {
        return hasFlag(CreateFlag.HVM);
    }

    public boolean isPrivileged() {
        return privileged;
    }

    public XenProfile profile() {
        return host.profile();
    }

    public HostConfig host() {
        return host;
    }

    public int maxVcpus() {
        return vcpus.size();
    }

    public Optional<Vcpu> vcpu(int id) {
        return id >= 0 && id < vcpus.size() ? Optional.of(vcpus.get(id)) : Optional.empty();
    }

    public List<Vcpu> vcpus() {
        return List.copyOf(vcpus);
    }

    public SharedInfo sharedInfo() {
        return sharedInfo;
    }

    public GuestMemory memory() {
        return memory;
    }

    public long maxEvtchnPort() {
        return config.effectiveMaxEvtchnPort();
    }

    public EvtchnPortOps portOps() {
        return portOps;
    }

    public AbiMode abi() {
        return portOps.mode();
    }

    /** The materialised port count: a port is valid iff below it (§2.2). */
    public int validPorts() {
        return channels.size();
    }

    public boolean isValidPort(long port) {
        return port >= 0 && port < channels.size();
    }

    public Channel channel(int port) {
        return channels.get(port);
    }

    public int controllerPauseCount() {
        return controllerPauseCount;
    }

    public boolean isDying() {
        return dying;
    }

    public Optional<Integer> pirqPort(int pirq) {
        return Optional.ofNullable(pirqToPort.get(pirq));
    }

    public long param(HvmParam p) {
        return params.getOrDefault(p, 0L);
    }

    /** Non-FREE channels other than the reserved port 0 (Xen's active_evtchns). */
    public int activeCount() {
        int n = 0;
        for (Channel ch : channels) {
            if (ch.state() != ChannelState.FREE && ch.state() != ChannelState.RESERVED) {
                n++;
            }
        }
        return n;
    }

    public int xenAttachedCount() {
        int n = 0;
        for (Channel ch : channels) {
            if (ch.xenAttached()) {
                n++;
            }
        }
        return n;
    }

    boolean resetInProgress() {
        return resetInProgress;
    }

    int resetCursor() {
        return resetCursor;
    }

    void setReset(boolean inProgress, int cursor) {
        resetInProgress = inProgress;
        resetCursor = cursor;
    }

    void setParam(HvmParam p, long value) {
        params.put(p, value);
    }

    void mapPirq(int pirq, int port) {
        pirqToPort.put(pirq, port);
    }

    void unmapPirq(int pirq) {
        pirqToPort.remove(pirq);
    }

    void materialiseBucket() {
        int base = channels.size();
        for (int i = 0; i < PORTS_PER_BUCKET; i++) {
            channels.add(new Channel(base + i));
        }
    }

    void switchAbi(EvtchnPortOps ops) {
        portOps = ops;
    }

    void switchToTwoLevel() {
        portOps = new TwoLevelAbi(this);
    }

    void pause() {
        controllerPauseCount++;
    }

    void unpause() {
        controllerPauseCount--;
    }

    void markDying() {
        dying = true;
    }

    /** Raise {@code ch} to its notify vCPU (evtchn_port_set_pending). */
    void raise(Channel ch) {
        raise(ch.notifyVcpu(), ch);
    }

    /** A silent no-op on a channel that is not usable (§0.3); 4.14.0 did not check (§10). */
    void raise(int vcpu, Channel ch) {
        if (profile().usabilityChecks() && !ch.usable()) {
            return;
        }
        portOps.setPending(vcpu, ch);
    }

    /**
     * §3.2 "mark events pending": set evtchn_upcall_pending; only a clear-to-set transition delivers an upcall.
     */
    void markEventsPending(int vcpu) {
        if (!sharedInfo.vcpuInfo(vcpu).testAndSetUpcallPending()) {
            vcpus.get(vcpu).deliverUpcall();
        }
    }
}
