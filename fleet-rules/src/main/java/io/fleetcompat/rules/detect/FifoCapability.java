package io.fleetcompat.rules.detect;

import io.fleetcompat.schema.avro.XenProfile;

/** Which hosts can hand a domain the FIFO ABI: Xen 4.4 or later, built with FIFO, profile known. */
public final class FifoCapability {

    private FifoCapability() {
    }

    public static boolean isFifoCapable(XenProfile profile, boolean fifoBuiltIn) {
        return fifoBuiltIn && profile != null && profile != XenProfile.LEGACY_2L && profile != XenProfile.UNKNOWN;
    }
}
