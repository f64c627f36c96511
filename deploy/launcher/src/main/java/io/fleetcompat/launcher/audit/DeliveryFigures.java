package io.fleetcompat.launcher.audit;

import java.util.List;

/**
 * Appended at the agents against delivered to Kafka against folded by fleet-stream, by host sequence.
 *
 * @param appended         events (and heartbeats) the agents' outboxes numbered: the sum of the hosts' last sequences
 * @param delivered        distinct (host, sequence) on fleet.events and fleet.hosts
 * @param resent           records on Kafka beyond the distinct ones: outbox replays after a crash
 * @param lostBeforeKafka  appended sequences that never reached Kafka
 * @param sequencesReused  (host, sequence) carried by two different events
 * @param guestEvents      distinct delivered events that belong to a guest's state
 * @param deadLettered     of those, the ones fleet-stream dead-lettered instead of folding
 * @param folded           events the guests' states applied (their counters)
 * @param duplicatesDropped replays the guests' states dropped
 * @param lostInFold       guest events delivered, not dead-lettered, and not applied
 * @param foldedTwice      applications beyond one per distinct event
 * @param inexactGuests    guests whose dedup window was full, so their losses and doubles are counted from totals
 * @param examples         the first few problems, each naming host and sequence
 */
public record DeliveryFigures(long appended, long delivered, long resent, long lostBeforeKafka, long sequencesReused,
                              long guestEvents, long deadLettered, long folded, long duplicatesDropped, long lostInFold,
                              long foldedTwice, long inexactGuests, List<String> examples) {

    public DeliveryFigures {
        examples = List.copyOf(examples);
    }

    /** Nothing lost, nothing folded twice, no sequence reused, no appended event dead-lettered. */
    public boolean clean() {
        return lostBeforeKafka == 0 && sequencesReused == 0 && deadLettered == 0 && lostInFold == 0 && foldedTwice == 0;
    }

    /** Events lost anywhere between an agent's outbox and a guest's state. */
    public long lost() {
        return lostBeforeKafka + lostInFold;
    }

    public String describe() {
        return String.format(java.util.Locale.ROOT, "appended %d, delivered %d (+%d resent), lost before Kafka %d, "
                        + "sequences reused %d; guest events %d: folded %d, duplicates dropped %d, dead-lettered %d, "
                        + "lost in fold %d, folded twice %d%s%s", appended, delivered, resent, lostBeforeKafka,
                sequencesReused, guestEvents, folded, duplicatesDropped, deadLettered, lostInFold, foldedTwice,
                inexactGuests == 0 ? "" : " (" + inexactGuests + " guests counted from totals)",
                examples.isEmpty() ? "" : "; e.g. " + String.join(", ", examples));
    }
}
