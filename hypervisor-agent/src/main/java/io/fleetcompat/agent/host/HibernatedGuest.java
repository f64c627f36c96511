package io.fleetcompat.agent.host;

import io.fleetcompat.agent.guest.GuestImage;

/**
 * A guest powered off into a hibernation image (§7.3). Nothing of its domain is carried but the image's record
 * (its id and the ABI the domain ran at Xen when it shut down), kept with the guest as a toolstack keeps a VM's
 * configuration: the next start is a fresh create and a fresh boot kernel, on whichever host the image is placed.
 * {@code image} is the disk content only the guest's kernel reads.
 */
public record HibernatedGuest(GuestSpec spec, ImageRecord record, String hibernatedOnHostId, GuestImage image) {

    public String imageId() {
        return record.imageId();
    }
}
