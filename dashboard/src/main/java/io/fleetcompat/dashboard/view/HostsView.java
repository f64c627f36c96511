package io.fleetcompat.dashboard.view;

import java.util.List;

/** The hosts page: stale hosts first, at most one page of them; {@code total} counts all. */
public record HostsView(int total, int stale, int alarmed, List<HostView> hosts) {
}
