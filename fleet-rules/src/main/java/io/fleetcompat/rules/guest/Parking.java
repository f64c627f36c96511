package io.fleetcompat.rules.guest;

import java.time.Duration;

/**
 * Events of a host that has not announced itself yet wait (are parked): its first HostStatus travels on another
 * topic and may simply arrive later. A guest's later events wait behind its parked ones, to keep the guest's order.
 */
public final class Parking {

    /** What becomes of a parked event when it is looked at again. */
    public enum Verdict {
        /** Its host is known now: fold it. */
        RELEASE,
        /** Still within its grace: it (and everything behind it) keeps waiting. */
        WAIT,
        /** The grace is over and the host still unknown: dead-letter it. */
        EXPIRE
    }

    private Parking() {
    }

    /** Whether an arriving event must wait: its guest already has waiting events, or its host is unknown. */
    public static boolean mustWait(boolean guestHasWaiting, boolean hostKnown, Duration grace) {
        return guestHasWaiting || (!hostKnown && !grace.isZero());
    }

    public static Verdict verdict(boolean hostKnown, long parkedAt, long now, Duration grace) {
        if (hostKnown) {
            return Verdict.RELEASE;
        }
        return now - parkedAt < grace.toMillis() ? Verdict.WAIT : Verdict.EXPIRE;
    }

    /** The dead letter's reason for an event whose host never announced itself within the grace. */
    public static String expiredReason(String hostId, Duration grace) {
        return unknownHost(hostId) + " (waited " + grace.toSeconds() + " s)";
    }

    static String unknownHost(String hostId) {
        return "unknown host " + hostId + ": it never sent a HostStatus";
    }
}
