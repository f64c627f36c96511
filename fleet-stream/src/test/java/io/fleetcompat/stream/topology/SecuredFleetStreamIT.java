package io.fleetcompat.stream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.stream.support.TestPolicyKeys;
import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.rules.fixtures.SimHost;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.stream.support.BrokerClients;
import io.fleetcompat.stream.support.FleetBroker;
import io.fleetcompat.stream.support.StreamsProps;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 acceptance: the topology on a broker with SASL_SSL, SCRAM-SHA-512 and ACLs, logged in as fleet-stream
 * with only the ACLs of events-schema's ComponentAcls: it reads what the agents write, creates and uses its own
 * changelog and repartition topics, commits exactly-once transactions, writes policies and dead letters, and
 * takes the dashboard's operator command, as on an open broker.
 */
class SecuredFleetStreamIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String APP_ID = "fleet-stream-secured-it";

    private static FleetBroker kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = FleetBroker.startSecured(t -> 3, APP_ID);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldDecideAndTakeOperatorCommandsUnderItsOwnCredential() throws Exception {
        Properties props = StreamsProps.exactlyOnce(APP_ID, kafka.bootstrapServers());
        props.putAll(kafka.loginOf(FleetBroker.STREAM));
        SimHost.Clock clock = new SimHost.Clock(System.currentTimeMillis());
        SimHost legacy = new SimHost("secured-legacy", XenProfile.LEGACY_2L, true, clock);
        SimHost modern = new SimHost("secured-modern", XenProfile.PROPOSED, true, clock);
        List<Throwable> streamFailures = new CopyOnWriteArrayList<>();
        try (KafkaStreams streams = new KafkaStreams(FleetTopology.build(FleetStreamConfig.defaults(), TestPolicyKeys.SIGNER), props);
             BrokerClients agent = kafka.clientsOf(FleetBroker.AGENT);
             BrokerClients dashboard = kafka.clientsOf(FleetBroker.DASHBOARD)) {
            streams.setUncaughtExceptionHandler(e -> {
                streamFailures.add(e);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            streams.start();

            // Given hosts announced by their agents, one record on fleet.hosts that is not a HostStatus among them
            agent.send(Topics.HOSTS, legacy.id(), legacy.status());
            agent.send(Topics.HOSTS, modern.id(), modern.status());
            agent.send(Topics.HOSTS, "secured-broken", Events.freshBoot(modern.next(), "nobody", 99));

            // When a FIFO-aware guest hibernates a 2-level image on the legacy host
            agent.send(Topics.EVENTS, "secured-guest", Events.freshBoot(legacy.next(), "secured-guest", 1));
            agent.send(Topics.EVENTS, "secured-guest", Events.booted(legacy.next(), "secured-guest", 1, EvtchnAbi.TWO_LEVEL));
            agent.send(Topics.EVENTS, "secured-guest", Events.hibernated(legacy.next(), "secured-guest", 1,
                    EvtchnAbi.TWO_LEVEL));

            // Then fleet-stream denies it FIFO, and the agents, who may read fleet.policy, see the denial
            PolicyDirective denial = agent.readUntil(Topics.POLICY, ds -> ds.stream()
                    .anyMatch(d -> "secured-guest".equals(d.getTarget().getInstanceId())), WAIT).stream()
                    .filter(d -> "secured-guest".equals(d.getTarget().getInstanceId())).findFirst().orElseThrow();
            assertThat(denial.getControls().getEvtchnFifo()).isEqualTo(ControlSetting.DENY);

            // When the dashboard (the one principal allowed to write fleet.commands) pins the guest to PERMIT
            dashboard.send(Topics.COMMANDS, "secured-guest", Events.command("secured-pin", OperatorAction.PIN, null,
                    "secured-guest", ControlSetting.PERMIT, clock.tick()));

            // Then fleet-stream takes the command (through its own repartition topic) and publishes the pin
            List<PolicyDirective> policies = agent.readUntil(Topics.POLICY, ds -> ds.stream()
                    .anyMatch(d -> d.getReason().getCode() == PolicyReasonCode.OPERATOR_PIN), WAIT);
            assertThat(policies).filteredOn(d -> d.getReason().getCode() == PolicyReasonCode.OPERATOR_PIN).singleElement()
                    .satisfies(d -> assertThat(d.getVersion()).isGreaterThan(denial.getVersion()));
            // ... and its dead-letter producer wrote the bad fleet.hosts record under the same login
            List<DeadLetter> letters = kafka.clients().readUntil(Topics.DEAD_LETTERS, ls -> ls.stream()
                    .anyMatch(l -> "fleet.hosts".equals(l.getSourceTopic())), WAIT);
            assertThat(letters).isNotEmpty();
            assertThat(streamFailures).as("stream thread failures").isEmpty();
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }
}
