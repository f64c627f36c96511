package io.fleetcompat.agent.xen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What every op of one host shares: its config, its domains, fault injection and the observers. */
final class HostState {

    static final int CONTROL_DOMID = 0;

    private final HostConfig config;
    private final Map<Integer, Domain> domains = new TreeMap<>();
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
        return Optional.ofNullable(domains.get(domid));
    }

    /** Resolves DOMID_SELF to the caller, as every op taking a domid does. */
    Optional<Domain> resolve(int domid, Domain caller) {
        return domid == Domain.DOMID_SELF ? Optional.of(caller) : domain(domid);
    }

    Domain caller(int domid) {
        Domain d = domains.get(domid);
        if (d == null) {
            throw new IllegalArgumentException("no domain " + domid + " to issue a hypercall");
        }
        return d;
    }

    Map<Integer, Domain> domains() {
        return domains;
    }

    /** §10: the global VIRQ handler is the hardware domain by default. */
    int globalVirqHandler() {
        return CONTROL_DOMID;
    }

    void addObserver(ModelObserver o) {
        observers.add(o);
    }

    void publish(ModelEvent e) {
        for (ModelObserver o : observers) {
            o.observe(e);
        }
    }
}
