package io.fleetcompat.dashboard.view;

import java.util.List;
import java.util.Map;

/**
 * The dead-letters page.
 *
 * @param total records on fleet.dead-letters
 * @param dashboardDecodeFailures records the dashboard itself could not decode (not re-published)
 * @param sample the most recent of both, newest first
 */
public record DeadLettersView(
        long total,
        Map<String, Long> byKind,
        Map<String, Long> bySourceTopic,
        long dashboardDecodeFailures,
        List<DeadLetterView> sample) {
}
