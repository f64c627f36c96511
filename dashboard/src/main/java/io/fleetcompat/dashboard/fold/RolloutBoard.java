package io.fleetcompat.dashboard.fold;

import io.fleetcompat.dashboard.view.RolloutView;
import io.fleetcompat.schema.avro.RolloutState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The latest state of every rollout, as fleet-stream publishes it on the compacted fleet.rollouts (one per
 * family escalation, so the count stays small).
 */
public final class RolloutBoard {

    private final Map<String, RolloutView> byId = new HashMap<>();

    /** A null state is a tombstone. */
    public synchronized void apply(String rolloutId, RolloutState state) {
        if (state == null) {
            byId.remove(rolloutId);
            return;
        }
        byId.put(state.getRolloutId(), RolloutViews.of(state));
    }

    public synchronized Optional<RolloutView> find(String rolloutId) {
        return Optional.ofNullable(byId.get(rolloutId));
    }

    /** Active rollouts first, then the most recently updated. */
    public synchronized List<RolloutView> all() {
        List<RolloutView> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparing((RolloutView r) -> !RolloutViews.active(r.phase()))
                .thenComparing(RolloutView::updatedAt, Comparator.reverseOrder()));
        return List.copyOf(all);
    }

    public synchronized int activeCount() {
        return (int) byId.values().stream().filter(r -> RolloutViews.active(r.phase())).count();
    }
}
