package io.fleetcompat.agent.guest;

import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.HvmParam;
import io.fleetcompat.agent.xen.OpResult;
import io.fleetcompat.agent.xen.HvmOut;
import io.fleetcompat.agent.xen.XenHost;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A Windows guest with the PV drivers: negotiates the ABI like Linux, then asks for a per-vCPU upcall vector
 * on every vCPU (§6) and falls back to the domain-wide callback on any error.
 */
public final class WindowsPvKernel {

    /** The vector the drivers request. */
    public static final int UPCALL_VECTOR = 0xF3;
    /** A non-zero HVM_PARAM_CALLBACK_IRQ value (vector-type callback). */
    static final long CALLBACK_VIA_VECTOR = (2L << 56) | UPCALL_VECTOR;

    public enum UpcallMode {
        PER_VCPU_VECTOR, GLOBAL_CALLBACK
    }

    private final XenHost host;
    private final int domid;
    private final GuestEventLayer events;
    private final Set<Integer> onlineCpus = new TreeSet<>();
    private final Map<Integer, UpcallMode> upcallModes = new TreeMap<>();
    private final List<String> log = new ArrayList<>();

    private WindowsPvKernel(XenHost host, int domid) {
        this.host = host;
        this.domid = domid;
        this.events = new GuestEventLayer(host, domid, new GuestPageAllocator());
    }

    public static WindowsPvKernel boot(XenHost host, int domid, KernelProfile profile) {
        WindowsPvKernel k = new WindowsPvKernel(host, domid);
        k.log.add(k.events.initIrq(profile.fifoAware() && profile.fifoEventsDefault(), 0));
        int vcpus = host.requireDomain(domid).maxVcpus();
        k.onlineCpus.add(0);
        for (int cpu = 1; cpu < vcpus; cpu++) {
            if (k.events.cpuUp(cpu).isEmpty()) {
                k.onlineCpus.add(cpu);
            }
        }
        for (int cpu : k.onlineCpus) {
            k.chooseUpcall(cpu, profile.usesUpcallVector());
        }
        long xenstore = host.hvmParam(domid, HvmParam.STORE_EVTCHN);
        if (xenstore != 0) {
            k.events.bindExisting((int) xenstore, "xenstore");
        }
        host.publish(new GuestEvent.Booted(domid, profile.name(), k.abi(), k.log.get(0), List.copyOf(k.onlineCpus),
                k.log));
        return k;
    }

    private void chooseUpcall(int cpu, boolean wantVector) {
        if (wantVector) {
            OpResult<HvmOut> r = host.setEvtchnUpcallVector(domid, cpu, UPCALL_VECTOR);
            if (r.isOk()) {
                upcallModes.put(cpu, UpcallMode.PER_VCPU_VECTOR);
                log.add("vCPU" + cpu + ": per-vCPU upcall vector 0x" + Integer.toHexString(UPCALL_VECTOR));
                return;
            }
            log.add("vCPU" + cpu + ": upcall vector refused (" + r.errno().orElseThrow() + "), using callback");
        }
        host.setHvmParam(domid, HvmParam.CALLBACK_IRQ, CALLBACK_VIA_VECTOR);
        upcallModes.put(cpu, UpcallMode.GLOBAL_CALLBACK);
    }

    public AbiMode abi() {
        return events.abi();
    }

    public Map<Integer, UpcallMode> upcallModes() {
        return Map.copyOf(upcallModes);
    }

    public List<String> log() {
        return List.copyOf(log);
    }

    public List<Integer> consume(int vcpu) {
        return events.consume(vcpu);
    }

    public ProbeResult probe() {
        ProbeResult r = events.probe(onlineCpus);
        host.publish(new GuestEvent.Probed(domid, r.sent(), r.handled(), r.upcalls(), r.healthy()));
        return r;
    }
}
