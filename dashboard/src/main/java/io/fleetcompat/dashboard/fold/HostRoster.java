package io.fleetcompat.dashboard.fold;

import io.fleetcompat.dashboard.view.HostView;
import io.fleetcompat.dashboard.view.HostsView;
import io.fleetcompat.dashboard.view.ProfileCount;
import io.fleetcompat.schema.avro.EventHeader;
import io.fleetcompat.schema.avro.HostStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest heartbeat of every host. Bounded by the fleet's size: fleet.hosts is compacted per host and
 * a tombstone removes the host.
 */
public final class HostRoster {

    private record Heartbeat(String hostId, String xenProfile, boolean fifoBuiltIn, String agentVersion, long at,
                             long outboxDepth, Long lastPolicyVersion, int policyTableSize, int domainsRunning,
                             long outboxRetainedBytes, long outboxLimitBytes, long eventsRefused, String alarm) {
    }

    private final Clock clock;
    private final long staleAfterMillis;
    private final Map<String, Heartbeat> hosts = new HashMap<>();

    public HostRoster(Clock clock, Duration staleAfter) {
        this.clock = clock;
        this.staleAfterMillis = staleAfter.toMillis();
    }

    /** A null status is a tombstone. */
    public synchronized void apply(String hostId, HostStatus status) {
        if (status == null) {
            hosts.remove(hostId);
            return;
        }
        EventHeader h = status.getHeader();
        long at = h.getEventTime().toEpochMilli();
        Heartbeat previous = hosts.get(h.getHostId());
        if (previous != null && previous.at() > at) {
            return; // an older heartbeat replayed after a newer one
        }
        hosts.put(h.getHostId(), new Heartbeat(h.getHostId(), h.getXenProfile().name(), h.getHostFifoBuiltIn(),
                h.getAgentVersion(), at, status.getOutboxDepth(), status.getLastPolicyVersionSeen(),
                status.getPolicyTableSize(), status.getDomainsRunning(), status.getOutboxRetainedBytes(),
                status.getOutboxLimitBytes(), status.getEventsRefused(),
                status.getAlarm() == null ? null : status.getAlarm().name()));
    }

    /** Stale hosts first (oldest heartbeat first), then alarmed ones, then by host id; at most {@code limit} rows. */
    public synchronized HostsView view(int limit) {
        long now = clock.millis();
        List<HostView> all = new ArrayList<>(hosts.size());
        hosts.values().forEach(h -> all.add(viewOf(h, now)));
        all.sort(Comparator.comparing((HostView v) -> !v.stale())
                .thenComparing(v -> v.stale() ? v.lastHeartbeatAt() : 0L)
                .thenComparing(v -> !v.alarmed())
                .thenComparing(HostView::hostId));
        int stale = (int) all.stream().filter(HostView::stale).count();
        int alarmed = (int) all.stream().filter(HostView::alarmed).count();
        return new HostsView(all.size(), stale, alarmed, List.copyOf(all.subList(0, Math.min(limit, all.size()))));
    }

    public synchronized List<ProfileCount> byProfile() {
        Map<String, Integer> counts = new TreeMap<>();
        hosts.values().forEach(h -> counts.merge(h.xenProfile() + "|" + h.fifoBuiltIn(), 1, Integer::sum));
        List<ProfileCount> result = new ArrayList<>();
        counts.forEach((k, n) -> {
            int bar = k.indexOf('|');
            result.add(new ProfileCount(k.substring(0, bar), Boolean.parseBoolean(k.substring(bar + 1)), n));
        });
        return result;
    }

    public synchronized int size() {
        return hosts.size();
    }

    public synchronized int staleCount() {
        long now = clock.millis();
        return (int) hosts.values().stream().filter(h -> now - h.at() > staleAfterMillis).count();
    }

    /** Guests running according to each host's latest heartbeat. */
    public synchronized long guestsRunning() {
        return hosts.values().stream().mapToLong(Heartbeat::domainsRunning).sum();
    }

    private HostView viewOf(Heartbeat h, long now) {
        long age = Math.max(0, now - h.at());
        return new HostView(h.hostId(), h.xenProfile(), h.fifoBuiltIn(), h.agentVersion(), h.at(), age / 1000,
                age > staleAfterMillis, h.outboxDepth(), h.lastPolicyVersion(), h.policyTableSize(),
                h.domainsRunning(),
                h.outboxLimitBytes() > 0 ? 100.0 * h.outboxRetainedBytes() / h.outboxLimitBytes() : null,
                h.eventsRefused(), h.alarm(), h.alarm() != null || h.eventsRefused() > 0);
    }
}
