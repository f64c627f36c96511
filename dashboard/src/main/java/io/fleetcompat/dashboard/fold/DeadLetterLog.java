package io.fleetcompat.dashboard.fold;

import io.fleetcompat.dashboard.view.DeadLetterView;
import io.fleetcompat.dashboard.view.DeadLettersView;
import io.fleetcompat.schema.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of fleet.dead-letters by kind and source, plus the records the dashboard itself failed to decode,
 * with a small sample of the newest of both.
 */
public final class DeadLetterLog {

    private static final int VALUE_HEAD_BYTES = 24;

    private final int sampleSize;
    private final ArrayDeque<DeadLetterView> sample = new ArrayDeque<>();
    private final Map<String, Long> byKind = new TreeMap<>();
    private final Map<String, Long> bySource = new TreeMap<>();
    private long total;
    private long decodeFailures;

    public DeadLetterLog(int sampleSize) {
        this.sampleSize = sampleSize;
    }

    public synchronized void onDeadLetter(DeadLetter d) {
        total++;
        byKind.merge(d.getErrorKind().name(), 1L, Long::sum);
        bySource.merge(d.getSourceTopic(), 1L, Long::sum);
        keep(viewOf(d));
    }

    /** A record on any topic the dashboard reads that it could not decode or fold. */
    public synchronized void onDashboardFailure(DeadLetter d) {
        decodeFailures++;
        keep(viewOf(d));
    }

    public synchronized long total() {
        return total;
    }

    public synchronized DeadLettersView view() {
        return new DeadLettersView(total, Collections.unmodifiableSortedMap(new TreeMap<>(byKind)),
                Collections.unmodifiableSortedMap(new TreeMap<>(bySource)), decodeFailures,
                List.copyOf(sample));
    }

    private void keep(DeadLetterView view) {
        sample.addFirst(view);
        while (sample.size() > sampleSize) {
            sample.removeLast();
        }
    }

    private static DeadLetterView viewOf(DeadLetter d) {
        return new DeadLetterView(d.getSourceTopic(), d.getSourcePartition(), d.getSourceOffset(),
                d.getErrorKind().name(), d.getErrorMessage(), d.getSourceComponent(), d.getFailedAt().toEpochMilli(),
                head(d.getValue()));
    }

    private static String head(ByteBuffer value) {
        if (value == null) {
            return null;
        }
        ByteBuffer copy = value.duplicate();
        byte[] bytes = new byte[Math.min(VALUE_HEAD_BYTES, copy.remaining())];
        copy.get(bytes);
        return HexFormat.of().formatHex(bytes) + (value.remaining() > VALUE_HEAD_BYTES ? "…" : "");
    }
}
