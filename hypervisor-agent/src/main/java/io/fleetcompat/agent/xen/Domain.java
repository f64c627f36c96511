package io.fleetcompat.agent.xen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One domain as Xen holds it (§0.4 Domain). Xen-private state (channels, vCPUs, ABI ops, pause count, reset
 * cursor) sits beside the guest-owned shared-info page and guest frames. Tables are sized to use: a port is
 * valid once its bucket of 64 is materialised (§2.2), but its {@link Channel} object exists only from the first
 * time something binds or marks it (a never-used port reads as FREE), and a vCPU's structures only from the
 * first time an op or the guest refers to it.
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
    private final int maxVcpus;
    private Vcpu[] vcpus = new Vcpu[0];
    private final SharedInfo sharedInfo;
    private final GuestMemory memory = new GuestMemory();
    /** Index = port; null for a valid port never used (FREE), beyond the array for one not yet touched. */
    private Channel[] channels = new Channel[1];
    private int validPorts;
    /** Every port below it is bound (not FREE): the allocator's scan may start here (§2.2 lowest free first). */
    private int lowestMaybeFree;
    private Map<Integer, Integer> pirqToPort = Map.of();
    private Map<HvmParam, Long> params = Map.of();
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
        this.maxVcpus = config.maxVcpus();
        // Arm always uses the 64-bit layout (§2.2).
        int width = host.arch() == Arch.ARM ? 64 : config.guestWidth();
        this.sharedInfo = new SharedInfo(width, config.maxVcpus());
        this.portOps = new TwoLevelAbi(this);
        materialiseBucket();
        channel(0).reserve();
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
        return (flags & profile().flagLayout().maskOf(flag)) != 0;
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
        return maxVcpus;
    }

    /** The vCPU, if the domain has it (vcpu ids are unsigned: a negative int is a huge id). */
    public Optional<Vcpu> vcpu(int id) {
        return hasVcpu(id) ? Optional.of(vcpuAt(id)) : Optional.empty();
    }

    /** vCPU ids and max_vcpus are unsigned (uint32_t in Xen's structs). */
    public boolean hasVcpu(int id) {
        return Integer.compareUnsigned(id, maxVcpus) < 0;
    }

    public List<Vcpu> vcpus() {
        List<Vcpu> all = new ArrayList<>(maxVcpus);
        for (int i = 0; i < maxVcpus; i++) {
            all.add(vcpuAt(i));
        }
        return all;
    }

    /** vCPU {@code id} if anything referred to it yet, else null (a vCPU with no state: nothing bound, no upcall). */
    Vcpu existingVcpu(int id) {
        return id >= 0 && id < vcpus.length ? vcpus[id] : null;
    }

    /** Upcalls delivered so far over all vCPUs. */
    public long upcalls() {
        long n = 0;
        for (Vcpu v : vcpus) {
            n += v == null ? 0 : v.upcalls();
        }
        return n;
    }

    /** vCPU {@code id}, which must exist; its structures are built on first reference. */
    Vcpu vcpuAt(int id) {
        Vcpu v = existingVcpu(id);
        if (v != null) {
            return v;
        }
        if (!hasVcpu(id)) {
            throw new IllegalArgumentException("domain " + domid + " has no vcpu " + id);
        }
        vcpus = reaching(vcpus, id, maxVcpus < 0 ? Integer.MAX_VALUE : maxVcpus);
        vcpus[id] = new Vcpu(id);
        return vcpus[id];
    }

    /** {@code table}, or a copy long enough to index {@code index}: doubled, but never longer than {@code max}. */
    private static <T> T[] reaching(T[] table, int index, int max) {
        return index < table.length ? table : Arrays.copyOf(table, Math.min(max, Math.max(index + 1, table.length * 2)));
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
        return validPorts;
    }

    /** evtchn_port_t is unsigned: a negative int stands for a port above 2^31 and is never valid. */
    public boolean isValidPort(long port) {
        return port >= 0 && port < validPorts;
    }

    /** The channel of a valid port, its object built on first use. */
    public Channel channel(int port) {
        Channel ch = existingChannel(port);
        if (ch != null) {
            return ch;
        }
        if (!isValidPort(port)) {
            throw new IllegalArgumentException("port " + port + " is not valid in domain " + domid);
        }
        channels = reaching(channels, port, validPorts);
        channels[port] = new Channel(port);
        return channels[port];
    }

    /** The channel of a valid port if it was ever used, else null (the port is FREE with default fields). */
    Channel existingChannel(int port) {
        return port >= 0 && port < channels.length ? channels[port] : null;
    }

    /** A valid port's state, without building its channel. */
    public ChannelState state(int port) {
        Channel ch = existingChannel(port);
        return ch == null ? ChannelState.FREE : ch.state();
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
            if (ch != null && ch.state() != ChannelState.FREE && ch.state() != ChannelState.RESERVED) {
                n++;
            }
        }
        return n;
    }

    public int xenAttachedCount() {
        int n = 0;
        for (Channel ch : channels) {
            if (ch != null && ch.xenAttached()) {
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
        if (params.isEmpty()) {
            params = new EnumMap<>(HvmParam.class);
        }
        params.put(p, value);
    }

    void mapPirq(int pirq, int port) {
        if (pirqToPort.isEmpty()) {
            pirqToPort = new HashMap<>();
        }
        pirqToPort.put(pirq, port);
    }

    void unmapPirq(int pirq) {
        if (!pirqToPort.isEmpty()) {
            pirqToPort.remove(pirq);
        }
    }

    int lowestMaybeFree() {
        return lowestMaybeFree;
    }

    /** The allocator's scan found {@code port} FREE (busy or not): nothing below it is FREE. */
    void scannedUpTo(int port) {
        lowestMaybeFree = port;
    }

    /** {@code port} became FREE; its channel object goes if it holds nothing a fresh one would not. */
    void freed(int port) {
        lowestMaybeFree = Math.min(lowestMaybeFree, port);
        if (channels[port].pristine()) {
            channels[port] = null;
        }
    }

    /** The next 64 ports become valid (FREE); their channel objects come with their first use. */
    void materialiseBucket() {
        validPorts += PORTS_PER_BUCKET;
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
            vcpuAt(vcpu).deliverUpcall();
        }
    }
}
