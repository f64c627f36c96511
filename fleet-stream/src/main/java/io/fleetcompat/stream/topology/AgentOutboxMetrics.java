package io.fleetcompat.stream.topology;

import io.fleetcompat.schema.avro.AgentAlarm;
import io.fleetcompat.schema.avro.HostStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the agents say of the events their outbox refused (full, or a failed write), as metrics an operator can alert
 * on: {@code fleet_stream_agent_events_refused}, the sum of every host's latest count (agents keep it over their
 * restarts), and {@code fleet_stream_agent_outbox_full_alarms}, the OUTBOX_FULL alarms read.
 */
final class AgentOutboxMetrics {

    private static final Map<String, Long> REFUSED = new ConcurrentHashMap<>();
    private static final Counter ALARMS = Metrics.counter("fleet_stream_agent_outbox_full_alarms");

    static {
        Metrics.gauge("fleet_stream_agent_events_refused", REFUSED,
                counts -> counts.values().stream().mapToLong(Long::longValue).sum());
    }

    private AgentOutboxMetrics() {
    }

    static void record(HostStatus status) {
        REFUSED.put(status.getHeader().getHostId(), status.getEventsRefused());
        if (status.getAlarm() == AgentAlarm.OUTBOX_FULL) {
            ALARMS.increment();
        }
    }

    static void forget(String hostId) {
        REFUSED.remove(hostId);
    }
}
