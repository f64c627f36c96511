package io.fleetcompat.dashboard.fold;

import io.fleetcompat.dashboard.view.SeriesPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts per fixed-width bucket of event time, keeping only the newest buckets for the charts. */
public final class TimeSeries {

    /** What a bucket counts. */
    public enum Metric { HAZARD, FAILURE, POLICY, EVENT }

    private final long bucketMillis;
    private final int bucketsKept;
    private final TreeMap<Long, int[]> buckets = new TreeMap<>();

    public TimeSeries(long bucketMillis, int bucketsKept) {
        if (bucketMillis < 1 || bucketsKept < 1) {
            throw new IllegalArgumentException("chart buckets need a positive width and count");
        }
        this.bucketMillis = bucketMillis;
        this.bucketsKept = bucketsKept;
    }

    public synchronized void add(long atMillis, Metric metric) {
        long start = Math.floorDiv(atMillis, bucketMillis) * bucketMillis;
        // A replayed event older than every kept bucket would only be evicted again at once.
        if (buckets.size() >= bucketsKept && start < buckets.firstKey()) {
            return;
        }
        buckets.computeIfAbsent(start, s -> new int[Metric.values().length])[metric.ordinal()]++;
        while (buckets.size() > bucketsKept) {
            buckets.pollFirstEntry();
        }
    }

    public synchronized List<SeriesPoint> points() {
        List<SeriesPoint> points = new ArrayList<>(buckets.size());
        for (Map.Entry<Long, int[]> e : buckets.entrySet()) {
            int[] c = e.getValue();
            points.add(new SeriesPoint(e.getKey(), c[Metric.HAZARD.ordinal()], c[Metric.FAILURE.ordinal()],
                    c[Metric.POLICY.ordinal()], c[Metric.EVENT.ordinal()]));
        }
        return points;
    }
}
