package io.fleetcompat.agent.host;

import io.fleetcompat.agent.guest.GuestImage;
import io.fleetcompat.agent.xen.AbiMode;

/**
 * A saved guest (§7.2), for a restore or as the stream of a migration. The domain's controls travel with it
 * (§1.5 Persistence) as settings, not raw bits, because bits 7 and 8 mean different things per profile.
 */
public record Checkpoint(GuestSpec spec, String checkpointId, String sourceHostId, Controls controls,
                         GuestImage image) {

    /** The ABI the guest re-engages after the restore. */
    public AbiMode abi() {
        return image.abi();
    }
}
