package io.fleetcompat.agent.host;

import io.fleetcompat.agent.xen.AbiMode;

/**
 * What the toolstack that hibernated a guest knew of the image, kept with the guest's record (as a real toolstack
 * keeps a VM's configuration and platform keys) and carried to whichever host resumes it: the image's id and the
 * ABI the domain had engaged at Xen when it shut down. Read from Xen's domain state, never from inside the image,
 * which a real toolstack cannot read.
 */
public record ImageRecord(String imageId, AbiMode shutdownAbi) {

    public ImageRecord {
        if (imageId == null || imageId.isBlank()) {
            throw new IllegalArgumentException("image id is required");
        }
        if (shutdownAbi == null) {
            throw new IllegalArgumentException("shutdown ABI is required");
        }
    }

    public boolean twoLevelAtShutdown() {
        return shutdownAbi == AbiMode.TWO_LEVEL;
    }
}
