package io.fleetcompat.agent.sim;

import io.fleetcompat.schema.avro.DestroyReason;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A host retirement wave: the retired hosts' running Linux guests migrate to hosts of the target profile,
 * Windows and hung guests are stopped and re-homed, hibernation images and stopped guests are re-homed. This is
 * what makes guests hibernated on legacy hosts resume on FIFO hosts.
 */
final class WaveRunner {

    /** What a wave did, for the summary and the progress line. */
    record WaveResult(String name, int hostsRetired, int migrated, int stopped, int rehomed) {
    }

    private final Fleet fleet;
    private final GuestPools pools;
    private final OperationRunner runner;
    private final List<SimGuest> guests;

    WaveRunner(Fleet fleet, GuestPools pools, OperationRunner runner, List<SimGuest> guests) {
        this.fleet = fleet;
        this.pools = pools;
        this.runner = runner;
        this.guests = guests;
    }

    WaveResult run(Scenario.RetirementWave wave, SplittableRandom rng) {
        if (fleet.activeCount(wave.toProfile()) == 0) {
            return new WaveResult(wave.name(), 0, 0, 0, 0);
        }
        int count = (int) Math.ceil(fleet.activeCount(wave.fromProfile()) * wave.hostFraction());
        Set<Integer> retired = new HashSet<>(fleet.retire(wave.fromProfile(), count));
        int migrated = 0;
        int stopped = 0;
        int rehomed = 0;
        for (SimGuest g : guests) {
            if (!retired.contains(g.host)) {
                continue;
            }
            int target = fleet.pickActive(wave.toProfile(), rng).orElseThrow();
            switch (g.state) {
                case RUNNING_LINUX:
                    runner.migrateTo(g, target);
                    if (g.host != target) {
                        stop(g, DestroyReason.SHUTDOWN);
                        g.host = target;
                    }
                    migrated++;
                    break;
                case RUNNING_WINDOWS:
                case HUNG:
                    stop(g, g.state == GuestState.HUNG ? DestroyReason.ADMIN_DESTROY : DestroyReason.SHUTDOWN);
                    g.host = target;
                    stopped++;
                    break;
                default:
                    // Hibernation images and stopped guests just get a new home; they start there later.
                    g.host = target;
                    rehomed++;
            }
        }
        return new WaveResult(wave.name(), retired.size(), migrated, stopped, rehomed);
    }

    private void stop(SimGuest g, DestroyReason reason) {
        fleet.host(g.host).destroy(g.id(), reason);
        pools.move(g, GuestState.OFF);
    }
}
