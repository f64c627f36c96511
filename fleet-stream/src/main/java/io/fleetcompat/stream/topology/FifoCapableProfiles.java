package io.fleetcompat.stream.topology;

import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.rules.detect.FifoCapability;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The FIFO-capable Xen profiles the fleet has shown, one set per topology: the global known-hosts processor adds a
 * host's profile as its HostStatus arrives, and the guest tasks read the set on every event (and add the profiles of
 * event headers). So a task needs no scan of the global store per event, also while the set is empty (a fleet not
 * upgraded yet), and learns the first FIFO-capable host as soon as it announces itself. Only grows: a resume may land
 * on any host once seen with FIFO. Copy-on-write, as adds are rare (a new profile) and reads are per event.
 */
final class FifoCapableProfiles {

    private volatile Set<XenProfile> profiles = Set.of();

    Set<XenProfile> current() {
        return profiles;
    }

    void add(XenProfile profile, boolean fifoBuiltIn) {
        if (!FifoCapability.isFifoCapable(profile, fifoBuiltIn) || profiles.contains(profile)) {
            return;
        }
        synchronized (this) {
            EnumSet<XenProfile> next = EnumSet.of(profile);
            next.addAll(profiles);
            profiles = Collections.unmodifiableSet(next);
        }
    }
}
