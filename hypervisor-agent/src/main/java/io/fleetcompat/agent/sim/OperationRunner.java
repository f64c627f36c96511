package io.fleetcompat.agent.sim;

import io.fleetcompat.agent.host.Checkpoint;
import io.fleetcompat.agent.host.HibernatedGuest;
import io.fleetcompat.agent.host.HostToolstack;
import io.fleetcompat.agent.host.LifecycleOutcome;
import io.fleetcompat.schema.avro.DestroyReason;

import java.util.Optional;
import java.util.SplittableRandom;

/** Carries one operation out on one guest through its host's toolstack and moves the guest to its new pool. */
final class OperationRunner {

    private final Fleet fleet;
    private final GuestPools pools;

    OperationRunner(Fleet fleet, GuestPools pools) {
        this.fleet = fleet;
        this.pools = pools;
    }

    /** Returns false when the operation had nothing to act on (no peer host for a migration). */
    boolean run(Operation op, SimGuest g, SplittableRandom rng) {
        HostToolstack host = fleet.host(g.host);
        switch (op) {
            case BOOT:
                afterCreate(g, host.bootFresh(g.spec), g.spec.isWindows() ? GuestState.RUNNING_WINDOWS
                        : GuestState.RUNNING_LINUX, GuestState.OFF);
                return true;
            case HIBERNATE:
                Optional<HibernatedGuest> image = host.hibernate(g.id());
                image.ifPresent(i -> {
                    g.image(i);
                    pools.move(g, GuestState.HIBERNATED);
                });
                return image.isPresent();
            case RESUME:
                LifecycleOutcome resumed = host.resumeFromHibernation(g.image().orElseThrow());
                if (resumed != LifecycleOutcome.REFUSED) {
                    g.image(null);
                }
                afterCreate(g, resumed, GuestState.RUNNING_LINUX, GuestState.HIBERNATED);
                return true;
            case MIGRATE:
                return migrate(g, rng);
            case DESTROY:
                host.destroy(g.id(), g.state == GuestState.HUNG ? DestroyReason.ADMIN_DESTROY : DestroyReason.SHUTDOWN);
                pools.move(g, GuestState.OFF);
                return true;
            default:
                return checkpoint(g, host);
        }
    }

    /** Moves a running guest to another host of the same profile; a refusal leaves it where it is. */
    boolean migrate(SimGuest g, SplittableRandom rng) {
        Optional<Integer> peer = fleet.pickPeer(g.host, rng);
        if (peer.isEmpty()) {
            return false;
        }
        return migrateTo(g, peer.get());
    }

    boolean migrateTo(SimGuest g, int destination) {
        LifecycleOutcome outcome = fleet.host(g.host).migrateTo(g.id(), fleet.host(destination));
        if (outcome != LifecycleOutcome.REFUSED) {
            g.host = destination;
        }
        afterCreate(g, outcome, GuestState.RUNNING_LINUX, GuestState.RUNNING_LINUX);
        return true;
    }

    private boolean checkpoint(SimGuest g, HostToolstack host) {
        Optional<Checkpoint> saved = host.save(g.id());
        if (saved.isEmpty()) {
            return false;
        }
        // A refused restore loses the checkpoint: the operator boots the guest afresh later.
        afterCreate(g, host.restore(saved.get()), GuestState.RUNNING_LINUX, GuestState.OFF);
        return true;
    }

    private void afterCreate(SimGuest g, LifecycleOutcome outcome, GuestState running, GuestState refused) {
        switch (outcome) {
            case DONE:
                pools.move(g, running);
                break;
            case RESUMED_HUNG:
                pools.move(g, GuestState.HUNG);
                break;
            case REFUSED:
                pools.move(g, refused);
                break;
            default:
                pools.move(g, GuestState.OFF);
        }
    }
}
