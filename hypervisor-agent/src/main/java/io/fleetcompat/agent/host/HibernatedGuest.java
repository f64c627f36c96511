package io.fleetcompat.agent.host;

import io.fleetcompat.agent.guest.GuestImage;
import io.fleetcompat.agent.xen.AbiMode;

/**
 * A guest powered off into a hibernation image (§7.3). Nothing of its domain is carried: the next start is a
 * fresh create and a fresh boot kernel, on whichever host the image is placed.
 */
public record HibernatedGuest(GuestSpec spec, String imageId, String hibernatedOnHostId, GuestImage image) {

    /** The ABI the resume kernel will assume. */
    public AbiMode imageAbi() {
        return image.abi();
    }
}
