package io.fleetcompat.agent.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A scenario resized to a fleet of another size with the same proportions (simulate's {@code --hosts} and
 * {@code --guests-per-host}): each host group gets its share of the hosts, each guest group its share of the
 * guests, by largest remainder so the totals are exact; rates, waves (by fraction of hosts), the control group,
 * hypercall reporting and the seed stay as they are. Only {@code --hosts}: guests scale with the hosts (the
 * scenario's guests per host stay); only {@code --guests-per-host}: the scenario's hosts get that many each.
 */
public final class ScenarioScaling {

    private ScenarioScaling() {
    }

    /** @throws IllegalArgumentException naming the value that cannot be honoured */
    public static Scenario scaled(Scenario scenario, OptionalInt hosts, OptionalInt guestsPerHost) {
        if (hosts.isEmpty() && guestsPerHost.isEmpty()) {
            return scenario;
        }
        int hostTotal = hosts.orElse(scenario.hostCount());
        if (hostTotal < scenario.hosts().size()) {
            throw new IllegalArgumentException("hosts: " + hostTotal + " is fewer than the " + scenario.hosts().size()
                    + " host groups of scenario " + scenario.name() + " (one host each at least)");
        }
        if (guestsPerHost.isPresent() && guestsPerHost.getAsInt() < 0) {
            throw new IllegalArgumentException("guests per host: must not be negative, got " + guestsPerHost.getAsInt());
        }
        long guestTotal = guestsPerHost.isPresent() ? (long) hostTotal * guestsPerHost.getAsInt()
                : Math.round((double) scenario.guestCount() * hostTotal / scenario.hostCount());
        if (guestTotal > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("guests: " + guestTotal + " is more than one simulator can hold");
        }
        for (Scenario.HostGroup g : scenario.hosts()) {
            if (g.ids() != null) {
                throw new IllegalArgumentException("hosts: scenario " + scenario.name() + " names its hosts (group "
                        + g.name() + " has ids), so it cannot be resized");
            }
        }

        int[] hostCounts = shares(scenario.hosts().stream().mapToInt(Scenario.HostGroup::count).toArray(), hostTotal, 1);
        List<Scenario.HostGroup> hostGroups = new ArrayList<>();
        for (int i = 0; i < hostCounts.length; i++) {
            Scenario.HostGroup g = scenario.hosts().get(i);
            hostGroups.add(new Scenario.HostGroup(g.name(), g.profile(), g.fifoBuiltIn(), hostCounts[i]));
        }
        int[] guestCounts = shares(scenario.guests().stream().mapToInt(Scenario.GuestGroup::count).toArray(),
                (int) guestTotal, 0);
        List<Scenario.GuestGroup> guestGroups = new ArrayList<>();
        for (int i = 0; i < guestCounts.length; i++) {
            Scenario.GuestGroup g = scenario.guests().get(i);
            guestGroups.add(new Scenario.GuestGroup(g.name(), g.kernel(), guestCounts[i], g.homeProfile(), g.vcpus()));
        }
        String name = scenario.name() + "-" + hostTotal + "x"
                + (guestsPerHost.isPresent() ? String.valueOf(guestsPerHost.getAsInt()) : "scaled");
        return new Scenario(name, scenario.seed(), hostGroups, guestGroups, scenario.rates(), scenario.retirementWaves(),
                scenario.controlGroupFraction(), scenario.hypercalls());
    }

    /**
     * {@code total} split in proportion to {@code weights} by largest remainder, each share at least
     * {@code minimum} (taken first, the rest split by weight). All-zero weights split evenly.
     */
    static int[] shares(int[] weights, int total, int minimum) {
        int n = weights.length;
        int[] out = new int[n];
        if (n == 0) {
            return out;
        }
        long weightSum = 0;
        for (int w : weights) {
            weightSum += w;
        }
        long rest = total - (long) minimum * n;
        double[] remainders = new double[n];
        long given = 0;
        for (int i = 0; i < n; i++) {
            double exact = weightSum == 0 ? (double) rest / n : (double) rest * weights[i] / weightSum;
            out[i] = minimum + (int) Math.floor(exact);
            remainders[i] = exact - Math.floor(exact);
            given += out[i] - minimum;
        }
        // The units lost to rounding go to the largest remainders, earlier groups first on ties.
        for (long left = rest - given; left > 0; left--) {
            int best = 0;
            for (int i = 1; i < n; i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            out[best]++;
            remainders[best] = -1;
        }
        return out;
    }
}
