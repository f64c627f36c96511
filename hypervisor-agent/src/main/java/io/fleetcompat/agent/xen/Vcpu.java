package io.fleetcompat.agent.xen;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * Xen's private per-vCPU state (§0.4 vCPU): VIRQ table, upcall vector, pirq list and the delivery counters.
 * The guest-visible flags are in {@link VcpuInfo}; FIFO queue tails are in {@link FifoAbi}. The VIRQ table and
 * the pirq list are allocated with their first entry.
 */
public final class Vcpu {

    public static final int NR_VIRQS = 24;

    private final int id;
    private int[] virqToPort;
    private Set<Integer> pirqs;
    private int upcallVector;
    private long upcalls;
    private long vectorInjections;
    private long callbackInjections;

    Vcpu(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    /** 0 when the VIRQ is not bound on this vCPU. */
    public int virqPort(int virq) {
        return virqToPort == null ? 0 : virqToPort[virq];
    }

    void setVirqPort(int virq, int port) {
        if (virqToPort == null) {
            if (port == 0) {
                return;
            }
            virqToPort = new int[NR_VIRQS];
        }
        virqToPort[virq] = port;
    }

    public int upcallVector() {
        return upcallVector;
    }

    void setUpcallVector(int vector) {
        upcallVector = vector;
    }

    /** Upcalls delivered so far (§3.2 "mark events pending", plus the upcall-vector op's injection). */
    public long upcalls() {
        return upcalls;
    }

    public long vectorInjections() {
        return vectorInjections;
    }

    public long callbackInjections() {
        return callbackInjections;
    }

    public Set<Integer> pirqs() {
        return pirqs == null ? Set.of() : Set.copyOf(pirqs);
    }

    void addPirq(int pirq) {
        if (pirqs == null) {
            pirqs = new TreeSet<>();
        }
        pirqs.add(pirq);
    }

    void removePirq(int pirq) {
        if (pirqs != null) {
            pirqs.remove(pirq);
        }
    }

    /** §3.2: HVM injects the per-vCPU vector if registered, else the domain-wide callback. */
    void deliverUpcall() {
        upcalls++;
        if (upcallVector != 0) {
            vectorInjections++;
        } else {
            callbackInjections++;
        }
    }

    /** §6 step 5: the op injects the new vector once so the guest re-scans. */
    void injectVector() {
        upcalls++;
        vectorInjections++;
    }

    int[] virqTable() {
        return virqToPort == null ? new int[NR_VIRQS] : Arrays.copyOf(virqToPort, NR_VIRQS);
    }
}
