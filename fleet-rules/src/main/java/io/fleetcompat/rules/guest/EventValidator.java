package io.fleetcompat.rules.guest;

import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.DomainCreated;
import io.fleetcompat.schema.avro.DomainDestroyed;
import io.fleetcompat.schema.avro.DomainMigrated;
import io.fleetcompat.schema.avro.DomainSaved;
import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.GuestBooted;
import io.fleetcompat.schema.avro.GuestHibernated;
import io.fleetcompat.schema.avro.GuestResumeFailed;
import io.fleetcompat.schema.avro.GuestResumed;
import org.apache.avro.specific.SpecificRecord;

/**
 * Decides whether a decoded guest event may be folded: known host, sequence not going backwards, and a
 * transition the guest's state allows. Checked in that order, so the reason names the first problem.
 */
public final class EventValidator {

    private EventValidator() {
    }

    public static Validation validate(GuestState state, String key, SpecificRecord event, EventHeader header,
                                      HostView hosts) {
        if (!hosts.known(header.getHostId())) {
            return new Validation.Reject(Parking.unknownHost(header.getHostId()));
        }
        String instanceId = GuestEvents.instanceIdOf(event);
        if (instanceId != null && !instanceId.equals(key)) {
            return new Validation.Reject("record key " + key + " is not the event's instance_id " + instanceId);
        }
        Validation sequence = sequenceVerdict(state.sequences(), header, "this guest");
        if (!(sequence instanceof Validation.Accept)) {
            return sequence;
        }
        String impossible = impossibleTransition(state, event, header);
        return impossible == null ? Validation.ACCEPT : new Validation.Reject("impossible transition: " + impossible);
    }

    /**
     * Duplicate, going backwards or new, for a (host, sequence, event id) against what {@code seen} holds.
     * @param subject what the window belongs to, for the reason ("this guest", "policy key ...")
     */
    public static Validation sequenceVerdict(HostSequences seen, EventHeader header, String subject) {
        switch (seen.check(header.getHostId(), header.getSequence(), header.getEventId())) {
            case DUPLICATE:
                return Validation.DUPLICATE;
            case BACKWARDS:
                return new Validation.Reject("sequence going backwards: host " + header.getHostId() + " sequence "
                        + header.getSequence() + " already seen for " + subject + " with another event id");
            case BELOW_WINDOW:
                return new Validation.Reject("sequence going backwards: host " + header.getHostId() + " sequence "
                        + header.getSequence() + " is below the dedup window of " + subject);
            default:
                return Validation.ACCEPT;
        }
    }

    /** Events about a domain need that domain to be live; a resume needs an image. Null when allowed. */
    static String impossibleTransition(GuestState state, SpecificRecord event, EventHeader header) {
        String host = header.getHostId();
        if (event instanceof DomainCreated e) {
            return state.liveDomain(host, e.getDomid()).isPresent()
                    ? "domain " + e.getDomid() + " on " + host + " is already live" : null;
        }
        if (event instanceof GuestResumed e) {
            if (state.image() == null) {
                return "GuestResumed without a pending hibernation image";
            }
            return needsLiveDomain(state, host, e.getDomid());
        }
        if (event instanceof GuestResumeFailed e) {
            if (state.image() == null && state.checkpoint() == null && !restoredOn(state, host, e.getDomid())) {
                return "GuestResumeFailed without a pending image or checkpoint";
            }
            return needsLiveDomain(state, host, e.getDomid());
        }
        if (event instanceof GuestBooted e) {
            return needsLiveDomain(state, host, e.getDomid());
        }
        if (event instanceof GuestHibernated e) {
            return needsLiveDomain(state, host, e.getDomid());
        }
        if (event instanceof DomainSaved e) {
            return needsLiveDomain(state, host, e.getDomid());
        }
        if (event instanceof DomainMigrated e) {
            return needsLiveDomain(state, host, e.getDomid());
        }
        if (event instanceof DomainDestroyed e) {
            return needsLiveDomain(state, host, e.getDomid());
        }
        return null;
    }

    private static boolean restoredOn(GuestState state, String host, int domid) {
        return state.liveDomain(host, domid).map(d -> d.createKind() == CreateKind.RESTORE
                || d.createKind() == CreateKind.MIGRATION_IN).orElse(false);
    }

    private static String needsLiveDomain(GuestState state, String host, int domid) {
        return state.liveDomain(host, domid).isPresent() ? null : "no live domain " + domid + " on host " + host;
    }
}
