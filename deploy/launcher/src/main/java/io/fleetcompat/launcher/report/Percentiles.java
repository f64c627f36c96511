package io.fleetcompat.launcher.report;

import java.util.List;

/** Nearest-rank percentiles: the smallest sample with at least p% of the samples at or below it. */
final class Percentiles {

    private Percentiles() {
    }

    /** @param sorted samples in ascending order; null when there are none */
    static Long nearestRank(List<Long> sorted, double percent) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }
}
