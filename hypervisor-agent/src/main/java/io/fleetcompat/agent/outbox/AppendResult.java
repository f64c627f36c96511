package io.fleetcompat.agent.outbox;

/** What became of an append: stored with a sequence number, or refused with a reason (never silently dropped). */
public sealed interface AppendResult {

    /** Stored; the entry will be published. */
    record Appended(long offset, long sequence) implements AppendResult {
    }

    /**
     * Refused; no sequence number was used.
     *
     * @param alarmDue true the first time this host is refused in an episode of a full outbox: the caller
     *                 should raise an alarm (see {@link Outbox#appendAlarm})
     */
    record Rejected(Reason reason, long retainedBytes, long limitBytes, boolean alarmDue) implements AppendResult {
    }

    enum Reason {
        /** The retained segments would exceed the configured bound: Kafka has not drained the backlog. */
        FULL,
        /** One entry larger than a segment. */
        TOO_LARGE,
        /** The write failed (disk full, I/O error); it was cut back, so the entries before it are intact. */
        WRITE_FAILED,
        /** The outbox was closed. */
        CLOSED
    }

    default boolean isAppended() {
        return this instanceof Appended;
    }
}
