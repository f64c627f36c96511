package io.fleetcompat.agent.sim;

import io.fleetcompat.agent.host.GuestSpec;
import io.fleetcompat.agent.host.HibernatedGuest;

import java.util.Optional;

/** One simulated guest: its spec, the host it lives on, its state and (while hibernated) its image. */
final class SimGuest {

    final GuestSpec spec;
    int host;
    GuestState state = GuestState.OFF;
    /** Position in its state's pool, for O(1) removal. */
    int slot = -1;
    private HibernatedGuest image;
    /** The step of its latest hibernation, for the scenario's minimum rest before a resume. */
    long hibernatedAtStep;

    SimGuest(GuestSpec spec, int host) {
        this.spec = spec;
        this.host = host;
    }

    String id() {
        return spec.instanceId();
    }

    Optional<HibernatedGuest> image() {
        return Optional.ofNullable(image);
    }

    void image(HibernatedGuest value) {
        image = value;
    }
}
