package io.fleetcompat.agent.sim;

import io.fleetcompat.agent.host.HostEvent;
import io.fleetcompat.agent.host.HostEventListener;
import io.fleetcompat.rules.cohort.ControlGroup;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Counts what the fleet emitted, and splits resume failures by policy and by control-group membership. */
final class SimulationStats implements HostEventListener {

    private final ControlGroup controlGroup;
    /** Per event class, counted without a name lookup per event; named in {@link #eventsByKind()}. */
    private final Map<Class<?>, long[]> eventsByKind = new HashMap<>();
    private final Set<String> createdUnderPolicy = new HashSet<>();
    private long events;
    private long resumesHealthy;
    private long failuresUnderPolicy;
    private long failuresWithoutPolicy;
    private long failuresInControlGroup;
    private long failuresOutsideControlGroup;
    private long refusals;

    SimulationStats(ControlGroup controlGroup) {
        this.controlGroup = controlGroup;
    }

    @Override
    public void onEvent(HostEvent event) {
        events++;
        eventsByKind.computeIfAbsent(event.getClass(), c -> new long[1])[0]++;
        if (event instanceof HostEvent.DomainCreated) {
            HostEvent.DomainCreated c = (HostEvent.DomainCreated) event;
            if (c.policy().isPresent()) {
                createdUnderPolicy.add(c.instanceId());
            } else {
                createdUnderPolicy.remove(c.instanceId());
            }
        } else if (event instanceof HostEvent.GuestResumed) {
            resumesHealthy++;
        } else if (event instanceof HostEvent.GuestResumeFailed) {
            String id = ((HostEvent.GuestResumeFailed) event).instanceId();
            if (createdUnderPolicy.contains(id)) {
                failuresUnderPolicy++;
            } else {
                failuresWithoutPolicy++;
            }
            if (controlGroup.contains(id)) {
                failuresInControlGroup++;
            } else {
                failuresOutsideControlGroup++;
            }
        } else if (event instanceof HostEvent.DomainCreateRefused) {
            refusals++;
        }
    }

    long events() {
        return events;
    }

    long resumesHealthy() {
        return resumesHealthy;
    }

    long resumeFailures() {
        return failuresUnderPolicy + failuresWithoutPolicy;
    }

    long refusals() {
        return refusals;
    }

    SimulationSummary.ResumeOutcomes resumeOutcomes() {
        return new SimulationSummary.ResumeOutcomes(resumesHealthy, failuresUnderPolicy, failuresWithoutPolicy,
                failuresInControlGroup, failuresOutsideControlGroup);
    }

    Map<String, Long> eventsByKind() {
        Map<String, Long> named = new TreeMap<>();
        eventsByKind.forEach((kind, n) -> named.put(kind.getSimpleName(), n[0]));
        return Map.copyOf(named);
    }
}
