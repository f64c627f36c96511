package io.fleetcompat.stream.topology;

import io.fleetcompat.rules.guest.GuestStep;
import io.fleetcompat.rules.guest.GuestState;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The predictive rule fires on a guest's own events, so a guest that hibernated 2-level while the fleet had
 * no FIFO-capable host would be flagged only at its next event, which for a hibernated guest is the resume
 * itself, too late. When the fleet gains its first FIFO-capable host, one pass over this task's
 * guest-state-store finds the guests that are due ({@link GuestStep#sweepDue}) and lets the step decide them.
 * A pass looks at no more than {@code batch} guests per punctuation, resuming from a cursor,
 * and ends at the last key. A new pass starts when the fleet is seen without FIFO-capable hosts and then with
 * one again; as {@link HostDirectory} keeps the profiles it has learnt, in practice that is once per task
 * (re)start, which is harmless: decided guests are skipped.
 */
final class PredictiveSweep {

    private final int batch;
    private boolean fleetHadFifo;
    private boolean passRunning;
    private String cursor;

    PredictiveSweep(int batch) {
        this.batch = batch;
    }

    /** The guests due for a predictive decision in this punctuation. */
    List<GuestState> due(KeyValueStore<String, GuestState> store, boolean fleetHasFifo) {
        if (!fleetHasFifo) {
            fleetHadFifo = false;
            passRunning = false;
            return List.of();
        }
        if (!fleetHadFifo) {
            fleetHadFifo = true;
            passRunning = true;
            cursor = null;
        }
        if (!passRunning) {
            return List.of();
        }
        List<GuestState> due = new ArrayList<>();
        try (KeyValueIterator<String, GuestState> guests = cursor == null ? store.all() : store.range(cursor, null)) {
            for (int looked = 0; looked < batch && guests.hasNext(); looked++) {
                KeyValue<String, GuestState> guest = guests.next();
                if (GuestStep.sweepDue(guest.value)) {
                    due.add(guest.value);
                }
            }
            passRunning = guests.hasNext();
            cursor = passRunning ? guests.peekNextKey() : null;
        }
        return due;
    }
}
