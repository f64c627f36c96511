package io.fleetcompat.agent.bridge;

import io.fleetcompat.agent.host.HostIdentity;
import io.fleetcompat.agent.sim.Scenario;
import java.util.List;

/**
 * A fleet scenario cut down to one host's share, for the {@code agent} command: the host is the agent's own
 * (id, profile, FIFO build switch), each guest group keeps {@code ceil(count / hosts)} guests, all homed on that
 * host, and the operation rate is the fleet's rate divided by its host count. Retirement waves are dropped (one
 * host has nowhere to move guests), and so are migrations (no peer of the same profile).
 */
public final class SingleHostScenario {

    private SingleHostScenario() {
    }

    public static Scenario of(Scenario fleet, HostIdentity host) {
        int hosts = fleet.hostCount();
        List<Scenario.GuestGroup> guests = fleet.guests().stream()
                .map(g -> new Scenario.GuestGroup(g.name(), g.kernel(), ceilDiv(g.count(), hosts), host.profile(),
                        g.vcpus()))
                .toList();
        Scenario.Rates r = fleet.rates();
        Scenario.Rates rates = new Scenario.Rates(r.opsPerSecond() / hosts, r.boot(), r.hibernate(), r.migrate(),
                r.resume(), r.destroy(), r.checkpoint(), r.minHibernatedSeconds());
        Scenario.HostGroup only = new Scenario.HostGroup(host.hostId(), host.profile(), host.fifoBuiltIn(), 1,
                List.of(host.hostId()));
        return new Scenario(fleet.name() + "@" + host.hostId(), fleet.seed(), List.of(only), guests, rates, List.of(),
                fleet.controlGroupFraction(), fleet.hypercalls());
    }

    /**
     * The seed of one host's workload: the scenario's seed mixed with the host id, so agents started from the same
     * scenario do not invent the same guest ids.
     */
    public static long seedFor(long scenarioSeed, String hostId) {
        long h = scenarioSeed;
        for (int i = 0; i < hostId.length(); i++) {
            h = 31 * h + hostId.charAt(i);
        }
        // SplitMix64 finaliser: spreads nearby host ids over the whole seed space.
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }

    private static int ceilDiv(int count, int hosts) {
        return (count + hosts - 1) / hosts;
    }
}
