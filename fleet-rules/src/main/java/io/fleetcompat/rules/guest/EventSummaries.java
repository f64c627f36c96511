package io.fleetcompat.rules.guest;

import io.fleetcompat.schema.avro.DomainCreateRefused;
import io.fleetcompat.schema.avro.DomainCreated;
import io.fleetcompat.schema.avro.DomainDestroyed;
import io.fleetcompat.schema.avro.DomainMigrated;
import io.fleetcompat.schema.avro.DomainRestored;
import io.fleetcompat.schema.avro.DomainSaved;
import io.fleetcompat.schema.avro.GuestBooted;
import io.fleetcompat.schema.avro.GuestHibernated;
import io.fleetcompat.schema.avro.GuestResumeFailed;
import io.fleetcompat.schema.avro.GuestResumed;
import io.fleetcompat.schema.avro.HypercallResult;
import io.fleetcompat.schema.avro.PolicyAck;
import org.apache.avro.specific.SpecificRecord;

/** One-line descriptions of events for the guest timeline, and small event classifications. */
public final class EventSummaries {

    private EventSummaries() {
    }

    /** Ops that allocate a port (alloc_unbound, bind_*): the ones that hit the 2-level port limit. */
    public static boolean isPortBinding(String commandName) {
        return commandName != null
                && (commandName.startsWith("EVTCHNOP_bind_") || commandName.equals("EVTCHNOP_alloc_unbound"));
    }

    public static String summaryOf(SpecificRecord event) {
        if (event instanceof DomainCreated e) {
            return "domain " + e.getDomid() + " created (" + e.getCreateKind() + ", evtchn_fifo "
                    + e.getControls().getEvtchnFifo() + (e.getPolicyKey() == null ? "" : ", by " + e.getPolicyKey()
                    + " v" + e.getPolicyVersion()) + ")";
        } else if (event instanceof GuestBooted e) {
            return "booted with " + e.getAbi() + " ABI";
        } else if (event instanceof GuestHibernated e) {
            return "hibernated, image " + e.getImageId() + " records " + e.getImageAbi();
        } else if (event instanceof GuestResumed e) {
            return (e.getHealthy() ? "resumed" : "resumed unhealthy") + " from " + e.getImageId()
                    + " (image " + e.getImageAbi() + ", Xen " + e.getXenAbi() + ")";
        } else if (event instanceof GuestResumeFailed e) {
            return "resume failed: " + e.getSymptom() + " (image " + e.getImageAbi() + ", Xen "
                    + e.getXenAbi() + ")";
        } else if (event instanceof DomainSaved e) {
            return "saved to " + e.getCheckpointId() + " (" + e.getAbi() + ")";
        } else if (event instanceof DomainRestored e) {
            return "restored from " + e.getCheckpointId() + " (" + e.getAbi() + ")";
        } else if (event instanceof DomainMigrated e) {
            return "migrated to " + e.getDestinationHostId() + " (" + e.getAbi() + ")";
        } else if (event instanceof DomainDestroyed e) {
            return "domain " + e.getDomid() + " destroyed (" + e.getReason() + ")";
        } else if (event instanceof DomainCreateRefused e) {
            return "create refused: " + e.getReason();
        } else if (event instanceof HypercallResult e) {
            return e.getCommandName() + " -> " + e.getRc();
        } else if (event instanceof PolicyAck e) {
            return "ack " + e.getOutcome() + " of v" + e.getDirectiveVersion();
        }
        return event.getSchema().getName();
    }
}
