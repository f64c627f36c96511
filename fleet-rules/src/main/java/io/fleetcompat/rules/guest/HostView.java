package io.fleetcompat.rules.guest;

import io.fleetcompat.schema.avro.XenProfile;
import java.util.Set;

/** Read-only: what the fleet's hosts have told (their HostStatus heartbeats), as far as a guest's rules need. */
public interface HostView {

    /** The host has announced itself (sent a HostStatus). */
    boolean known(String hostId);

    /** The FIFO-capable Xen profiles seen in the fleet (a resume may land on any of them). */
    Set<XenProfile> fifoCapableProfiles();
}
