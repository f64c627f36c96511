package io.fleetcompat.agent.sim;

import io.fleetcompat.agent.host.HypercallReporting;
import io.fleetcompat.agent.xen.XenProfile;

import java.util.List;

/**
 * A simulator workload, as read from a scenario file (see {@link ScenarioFiles}): hosts by profile and FIFO
 * build switch, guests by kernel and home profile, operation rates, retirement waves and the control group.
 * Omitted optional fields take the defaults named on each record.
 */
public record Scenario(String name, long seed, List<HostGroup> hosts, List<GuestGroup> guests, Rates rates,
                       List<RetirementWave> retirementWaves, double controlGroupFraction,
                       HypercallReporting hypercalls) {

    public Scenario {
        require(name != null && !name.isBlank(), "name", "is required");
        require(hosts != null && !hosts.isEmpty(), "hosts", "needs at least one group");
        require(guests != null, "guests", "is required");
        require(rates != null, "rates", "is required");
        require(controlGroupFraction >= 0 && controlGroupFraction <= 1, "controlGroupFraction",
                "must be within [0, 1]");
        hosts = List.copyOf(hosts);
        guests = List.copyOf(guests);
        retirementWaves = retirementWaves == null ? List.of() : List.copyOf(retirementWaves);
        hypercalls = hypercalls == null ? HypercallReporting.ABI_RELEVANT : hypercalls;
        for (GuestGroup g : guests) {
            require(hosts.stream().anyMatch(h -> h.profile() == g.homeProfile()), "guests[" + g.name() + "].homeProfile",
                    "names a profile no host group has: " + g.homeProfile());
        }
    }

    public int hostCount() {
        return hosts.stream().mapToInt(HostGroup::count).sum();
    }

    public int guestCount() {
        return guests.stream().mapToInt(GuestGroup::count).sum();
    }

    /**
     * {@code count} hosts of one profile, named {@code <name>-<n>} (n from 0001), or by {@code ids} when given
     * (one per host: an agent runs its one host under its configured id); {@code fifoBuiltIn} defaults to true.
     */
    public record HostGroup(String name, XenProfile profile, Boolean fifoBuiltIn, int count, List<String> ids) {
        public HostGroup {
            require(name != null && !name.isBlank(), "hosts[].name", "is required");
            require(profile != null, "hosts[" + name + "].profile", "is required");
            require(count >= 1, "hosts[" + name + "].count", "must be at least 1");
            fifoBuiltIn = fifoBuiltIn == null || fifoBuiltIn;
            require(fifoBuiltIn || profile.fifoBuildSwitch(), "hosts[" + name + "].fifoBuiltIn",
                    "can be false only on a profile with a build switch (PROPOSED, UPSTREAM_NOW)");
            require(ids == null || ids.size() == count, "hosts[" + name + "].ids", "needs exactly count ids");
            ids = ids == null ? null : List.copyOf(ids);
        }

        public HostGroup(String name, XenProfile profile, Boolean fifoBuiltIn, int count) {
            this(name, profile, fifoBuiltIn, count, null);
        }

        /** The id of the group's {@code n}-th host, n from 1. */
        public String hostId(int n) {
            return ids != null ? ids.get(n - 1) : String.format("%s-%04d", name, n);
        }
    }

    /** {@code count} guests of one kernel (see {@link KernelCatalog}) placed on hosts of {@code homeProfile}. */
    public record GuestGroup(String name, String kernel, int count, XenProfile homeProfile, Integer vcpus) {
        public GuestGroup {
            require(name != null && !name.isBlank(), "guests[].name", "is required");
            require(count >= 0, "guests[" + name + "].count", "must not be negative");
            require(homeProfile != null, "guests[" + name + "].homeProfile", "is required");
            KernelCatalog.byName(kernel);
            vcpus = vcpus == null ? 2 : vcpus;
            require(vcpus >= 1, "guests[" + name + "].vcpus", "must be at least 1");
        }
    }

    /**
     * Simulated operations per second (the simulated clock's pace, and the default pacing) and the relative
     * weights of each operation; an operation with no eligible guest is skipped in the draw.
     * {@code minHibernatedSeconds} (default 0): a hibernated guest is not resumed before its image is that many
     * simulated seconds old. Real images rest for hours; without it a compressed demo resumes some guests within
     * milliseconds of their hibernation, faster than any control plane can answer. {@code maxHibernatedSeconds}
     * (default none): an image that old is resumed before any other operation is drawn, so every image rests at
     * most that long (the race scenario: images resume within 0-2 s, before a control plane could answer).
     */
    public record Rates(double opsPerSecond, double boot, double hibernate, double migrate, double resume,
                        double destroy, double checkpoint, Double minHibernatedSeconds, Double maxHibernatedSeconds) {
        public Rates {
            require(opsPerSecond > 0, "rates.opsPerSecond", "must be positive");
            require(boot >= 0 && hibernate >= 0 && migrate >= 0 && resume >= 0 && destroy >= 0 && checkpoint >= 0,
                    "rates", "weights must not be negative");
            require(boot + hibernate + migrate + resume + destroy + checkpoint > 0, "rates", "needs a positive weight");
            minHibernatedSeconds = minHibernatedSeconds == null ? 0.0 : minHibernatedSeconds;
            require(minHibernatedSeconds >= 0, "rates.minHibernatedSeconds", "must not be negative");
            require(maxHibernatedSeconds == null || maxHibernatedSeconds >= minHibernatedSeconds,
                    "rates.maxHibernatedSeconds", "must not be below minHibernatedSeconds");
        }

        public Rates(double opsPerSecond, double boot, double hibernate, double migrate, double resume,
                     double destroy, double checkpoint) {
            this(opsPerSecond, boot, hibernate, migrate, resume, destroy, checkpoint, null, null);
        }

        public Rates(double opsPerSecond, double boot, double hibernate, double migrate, double resume,
                     double destroy, double checkpoint, Double minHibernatedSeconds) {
            this(opsPerSecond, boot, hibernate, migrate, resume, destroy, checkpoint, minHibernatedSeconds, null);
        }

        /** {@link #maxHibernatedSeconds} in steps of the simulated clock; Long.MAX_VALUE without a maximum. */
        long maxHibernatedSteps() {
            return maxHibernatedSeconds == null ? Long.MAX_VALUE : Math.round(maxHibernatedSeconds * opsPerSecond);
        }

        /** {@link #minHibernatedSeconds} in steps of the simulated clock. */
        long minHibernatedSteps() {
            return Math.round(minHibernatedSeconds * opsPerSecond);
        }
    }

    /**
     * At {@code atStep} (or {@code atSecond} of simulated time), retire {@code hostFraction} of the active hosts
     * of {@code fromProfile}: running guests migrate to hosts of {@code toProfile}, hibernation images and
     * stopped guests are re-homed there.
     */
    public record RetirementWave(String name, Long atStep, Double atSecond, XenProfile fromProfile,
                                 XenProfile toProfile, Double hostFraction) {
        public RetirementWave {
            require(name != null && !name.isBlank(), "retirementWaves[].name", "is required");
            require((atStep == null) != (atSecond == null), "retirementWaves[" + name + "]",
                    "needs exactly one of atStep and atSecond");
            require(fromProfile != null && toProfile != null, "retirementWaves[" + name + "]",
                    "needs fromProfile and toProfile");
            hostFraction = hostFraction == null ? 1.0 : hostFraction;
            require(hostFraction > 0 && hostFraction <= 1, "retirementWaves[" + name + "].hostFraction",
                    "must be within (0, 1]");
        }

        /** The step the wave runs before, on the scenario's simulated clock. */
        public long step(double opsPerSecond) {
            return atStep != null ? atStep : Math.round(atSecond * opsPerSecond);
        }
    }

    private static void require(boolean ok, String key, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("scenario: " + key + " " + problem);
        }
    }
}
