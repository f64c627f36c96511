package io.fleetcompat.dashboard.view;

import java.util.Set;

/** What changed since the previous SSE message; sent every tick so clocks and rates also move. */
public record LiveUpdate(long at, Set<String> changed) {
}
