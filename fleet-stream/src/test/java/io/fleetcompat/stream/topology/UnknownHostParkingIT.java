package io.fleetcompat.stream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.stream.support.BrokerClients;
import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.stream.support.FleetBroker;
import io.fleetcompat.rules.fixtures.SimHost;
import io.fleetcompat.stream.support.StreamsProps;
import io.fleetcompat.stream.support.TestPolicyKeys;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real broker: a new host's first guest events reach fleet-stream before its first HostStatus (as they can: another
 * topic, read by the global store's own thread). They wait, and once the heartbeat arrives they fold in order and
 * the guest is judged as usual, instead of being dead-lettered together with every later event of that guest.
 */
class UnknownHostParkingIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static FleetBroker kafka;
    private static BrokerClients clients;

    @BeforeAll
    static void startBroker() {
        kafka = FleetBroker.start(t -> 3);
        clients = kafka.clients();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldFoldEventsThatArriveBeforeTheirHostsFirstHeartbeat() throws Exception {
        Properties props = StreamsProps.exactlyOnce("unknown-host-parking-it", kafka.bootstrapServers());
        SimHost.Clock clock = new SimHost.Clock(System.currentTimeMillis());
        SimHost modern = new SimHost("parking-modern", XenProfile.PROPOSED, true, clock);
        SimHost late = new SimHost("parking-late-legacy", XenProfile.LEGACY_2L, true, clock);
        try (KafkaStreams streams = new KafkaStreams(FleetTopology.build(FleetStreamConfig.defaults(), TestPolicyKeys.SIGNER), props)) {
            streams.start();
            clients.send(Topics.HOSTS, modern.id(), modern.status());

            // Given a guest that boots and hibernates a 2-level image on a host whose HostStatus is not out yet
            clients.send(Topics.EVENTS, "parked-guest", Events.freshBoot(late.next(), "parked-guest", 1));
            clients.send(Topics.EVENTS, "parked-guest", Events.booted(late.next(), "parked-guest", 1, EvtchnAbi.TWO_LEVEL));
            clients.send(Topics.EVENTS, "parked-guest", Events.hibernated(late.next(), "parked-guest", 1,
                    EvtchnAbi.TWO_LEVEL));
            Thread.sleep(3000); // let the stream see them first: the heartbeat is late, which is the point

            // When the host's first HostStatus arrives (well inside the 30 s grace)
            clients.send(Topics.HOSTS, late.id(), late.status());

            // Then the guest's events fold in order and its hazard gets the predictive denial
            List<PolicyDirective> policies = clients.readUntil(Topics.POLICY, ds -> ds.stream()
                    .anyMatch(d -> "parked-guest".equals(d.getTarget().getInstanceId())), WAIT);
            assertThat(policies).filteredOn(d -> "parked-guest".equals(d.getTarget().getInstanceId()))
                    .first().satisfies(d -> assertThat(d.getControls().getEvtchnFifo()).isEqualTo(ControlSetting.DENY));
        }
    }
}
