package io.fleetcompat.stream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.rules.fixtures.SimHost;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.avro.AgentAlarm;
import io.fleetcompat.schema.avro.HostStatus;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.stream.support.FleetDriver;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agents' refusal counts and OUTBOX_FULL alarms, read from fleet.hosts, are metrics an operator can alert on. */
class AgentOutboxMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FleetDriver fleet = new FleetDriver(FleetStreamConfig.defaults());

    @AfterEach
    void close() {
        fleet.close();
        Metrics.removeRegistry(registry);
    }

    private double refused() {
        return registry.get("fleet_stream_agent_events_refused").gauge().value();
    }

    private double alarms() {
        return registry.get("fleet_stream_agent_outbox_full_alarms").counter().count();
    }

    @Test
    void shouldSumEachHostsLatestRefusalCountAndCountOutboxFullAlarms() {
        Metrics.addRegistry(registry);
        SimHost host = new SimHost("host-metrics-" + System.nanoTime(), XenProfile.PROPOSED, true, fleet.clock);
        // a first heartbeat with nothing refused: the metrics exist from the first HostStatus read
        fleet.announce(host);
        double refusedBefore = refused();
        double alarmsBefore = alarms();

        HostStatus alarm = host.status();
        alarm.setEventsRefused(5);
        alarm.setAlarm(AgentAlarm.OUTBOX_FULL);
        fleet.announceRaw(host.id(), SingleObjectCodec.standard().encode(alarm));
        HostStatus later = host.status();
        later.setEventsRefused(7);
        fleet.announceRaw(host.id(), SingleObjectCodec.standard().encode(later));

        assertThat(refused() - refusedBefore).isEqualTo(7);
        assertThat(alarms() - alarmsBefore).isEqualTo(1);
    }
}
