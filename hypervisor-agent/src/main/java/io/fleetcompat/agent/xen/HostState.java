package io.fleetcompat.agent.xen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What every op of one host shares: its config, its domains, fault injection and the observers. */
final class HostState {

    static final int CONTROL_DOMID = 0;

    private final HostConfig config;
    /** Index = domid (all below DOMID_FIRST_RESERVED); grown to the highest domid in use. */
    private Domain[] domains = new Domain[4];
    private final FaultInjector faults = new FaultInjector();
    private final PortAllocator allocator = new PortAllocator(faults);
    private final List<ModelObserver> observers = new ArrayList<>();

    HostState(HostConfig config) {
        this.config = config;
    }

    HostConfig config() {
        return config;
    }

    XenProfile profile() {
        return config.profile();
    }

    FaultInjector faults() {
        return faults;
    }

    PortAllocator allocator() {
        return allocator;
    }

    Optional<Domain> domain(int domid) {
        return Optional.ofNullable(find(domid));
    }

    /** The domain with this id, or null. */
    Domain find(int domid) {
        return domid >= 0 && domid < domains.length ? domains[domid] : null;
    }

    /** Resolves DOMID_SELF to the caller, as every op taking a domid does. */
    Optional<Domain> resolve(int domid, Domain caller) {
        return domid == Domain.DOMID_SELF ? Optional.of(caller) : domain(domid);
    }

    Domain caller(int domid) {
        Domain d = find(domid);
        if (d == null) {
            throw new IllegalArgumentException("no domain " + domid + " to issue a hypercall");
        }
        return d;
    }

    void add(Domain d) {
        if (d.domid() >= domains.length) {
            domains = Arrays.copyOf(domains, Math.max(d.domid() + 1, domains.length * 2));
        }
        domains[d.domid()] = d;
    }

    void remove(int domid) {
        domains[domid] = null;
    }

    /** §10: the global VIRQ handler is the hardware domain by default. */
    int globalVirqHandler() {
        return CONTROL_DOMID;
    }

    void addObserver(ModelObserver o) {
        observers.add(o);
    }

    /** Whether anyone listens: an event nobody observes is not built. */
    boolean observed() {
        return !observers.isEmpty();
    }

    void publish(ModelEvent e) {
        for (ModelObserver o : observers) {
            o.observe(e);
        }
    }
}
