package io.fleetcompat.agent.sim;

import io.fleetcompat.agent.host.EdgeFailsafe;
import io.fleetcompat.agent.host.HostEventListener;
import io.fleetcompat.agent.host.HostToolstack;
import io.fleetcompat.agent.host.PolicyLookup;
import io.fleetcompat.agent.host.ToolstackOptions;
import io.fleetcompat.agent.xen.HostConfig;
import io.fleetcompat.agent.xen.XenProfile;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/** The simulated hosts, each a {@link HostToolstack}, and which of them still take guests per profile. */
final class Fleet {

    private final List<HostToolstack> hosts = new ArrayList<>();
    private final Map<XenProfile, List<Integer>> active = new EnumMap<>(XenProfile.class);

    Fleet(Scenario scenario, PolicyLookup policies, EdgeFailsafe edgeFailsafe, HostEventListener listener,
          Clock clock) {
        ToolstackOptions options = ToolstackOptions.DEFAULTS.withHypercalls(scenario.hypercalls())
                .withEdgeFailsafe(edgeFailsafe);
        for (Scenario.HostGroup group : scenario.hosts()) {
            HostConfig config = HostConfig.of(group.profile()).withFifoBuiltIn(group.fifoBuiltIn());
            for (int i = 1; i <= group.count(); i++) {
                String id = group.hostId(i);
                active.computeIfAbsent(group.profile(), p -> new ArrayList<>()).add(hosts.size());
                hosts.add(new HostToolstack(id, config, policies, listener, clock, options));
            }
        }
    }

    HostToolstack host(int index) {
        return hosts.get(index);
    }

    int size() {
        return hosts.size();
    }

    XenProfile profileOf(int index) {
        return hosts.get(index).identity().profile();
    }

    /** A random host of the profile that has not been retired. */
    Optional<Integer> pickActive(XenProfile profile, SplittableRandom rng) {
        List<Integer> candidates = active.getOrDefault(profile, List.of());
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(rng.nextInt(candidates.size())));
    }

    /** Another active host of the same profile, for a migration. */
    Optional<Integer> pickPeer(int index, SplittableRandom rng) {
        List<Integer> candidates = active.getOrDefault(profileOf(index), List.of());
        if (candidates.size() < 2) {
            return Optional.empty();
        }
        int peer = candidates.get(rng.nextInt(candidates.size() - 1));
        return Optional.of(peer == index ? candidates.get(candidates.size() - 1) : peer);
    }

    int activeCount(XenProfile profile) {
        return active.getOrDefault(profile, List.of()).size();
    }

    /** Takes the first {@code count} active hosts of the profile out of service and returns them. */
    List<Integer> retire(XenProfile profile, int count) {
        List<Integer> candidates = active.getOrDefault(profile, new ArrayList<>());
        List<Integer> retired = new ArrayList<>(candidates.subList(0, Math.min(count, candidates.size())));
        candidates.subList(0, retired.size()).clear();
        return retired;
    }
}
