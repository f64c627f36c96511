package io.fleetcompat.stream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.DestroyReason;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.PolicyTargetKind;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.stream.support.BrokerClients;
import io.fleetcompat.rules.fixtures.Events;
import io.fleetcompat.stream.support.FleetBroker;
import io.fleetcompat.rules.fixtures.SimHost;
import io.fleetcompat.stream.support.StreamsProps;
import io.fleetcompat.rules.rollout.RolloutSettings.GateFailureAction;
import io.fleetcompat.stream.support.TestPolicyKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real broker: guests hibernated with FIFO images in every partition of fleet.events are permitted once their
 * family is denied (the family directive reaches every guest task), a guest hibernating FIFO under the denial is
 * permitted at once, and a resume lifts the permit. fleet.events has more partitions than the other topics, so
 * the loop back to the guest tasks must be sized from it.
 */
class FamilyPermitIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String APP_ID = "family-permit-it";
    private static final int EVENT_PARTITIONS = 6;
    /** An ALL_CREATES family denial: the one whose FIFO images need permits (the default scope needs none). */
    private static final FleetStreamConfig CONFIG = FleetStreamConfig.defaults().withEscalationThreshold(2)
            .withAutoApprove(true).withRollout(List.of(0.5, 1.0), 2, GateFailureAction.PAUSE)
            .withRollout(b -> {
                b.scope = DirectiveScope.ALL_CREATES;
                return b;
            });

    private static FleetBroker kafka;
    private static BrokerClients clients;

    @BeforeAll
    static void startBroker() {
        kafka = FleetBroker.start(t -> t == Topics.EVENTS ? EVENT_PARTITIONS : 3);
        clients = kafka.clients();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static KafkaStreams start() throws Exception {
        Properties props = StreamsProps.exactlyOnce(APP_ID, kafka.bootstrapServers());
        KafkaStreams streams = new KafkaStreams(FleetTopology.build(CONFIG, TestPolicyKeys.SIGNER), props);
        streams.start();
        return streams;
    }

    /** A guest id whose fleet.events records land on {@code partition} (the producer's default partitioner). */
    private static String guestOnPartition(int partition) {
        for (int i = 0; ; i++) {
            String id = "fifo-" + partition + "-" + i;
            if (Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % EVENT_PARTITIONS == partition) {
                return id;
            }
        }
    }

    private static void hibernate(SimHost host, String guest, int domid, EvtchnAbi abi) {
        clients.send(Topics.EVENTS, guest, Events.freshBoot(host.next(), guest, domid));
        clients.send(Topics.EVENTS, guest, Events.booted(host.next(), guest, domid, abi));
        clients.send(Topics.EVENTS, guest, Events.hibernated(host.next(), guest, domid, abi));
        clients.send(Topics.EVENTS, guest, Events.destroyed(host.next(), guest, domid, DestroyReason.HIBERNATED));
    }

    private static List<PolicyDirective> of(List<PolicyDirective> ds, String guest) {
        return ds.stream().filter(d -> guest.equals(d.getTarget().getInstanceId())).toList();
    }

    private static boolean permitted(List<PolicyDirective> ds, String guest) {
        return of(ds, guest).stream().anyMatch(d -> d.getControls().getEvtchnFifo() == ControlSetting.PERMIT);
    }

    @Test
    void shouldPermitFifoImagesInEveryGuestTaskWhenTheFamilyIsDeniedAndLiftOnResume() throws Exception {
        SimHost.Clock clock = new SimHost.Clock(System.currentTimeMillis());
        SimHost legacy = new SimHost("permit-legacy", XenProfile.LEGACY_2L, true, clock);
        SimHost modern = new SimHost("permit-modern", XenProfile.PROPOSED, true, clock);
        try (KafkaStreams streams = start()) {
            // Given two announced hosts and, in every partition of fleet.events, a guest hibernated with a FIFO image
            clients.send(Topics.HOSTS, legacy.id(), legacy.status());
            clients.send(Topics.HOSTS, modern.id(), modern.status());
            List<String> early = new ArrayList<>();
            for (int p = 0; p < EVENT_PARTITIONS; p++) {
                early.add(guestOnPartition(p));
                hibernate(modern, early.get(p), 10 + p, EvtchnAbi.FIFO);
            }

            // When two 2-level hazards open the family rollout and wave 0 denies FIFO to linux-5.10 on PROPOSED
            hibernate(legacy, "hazard-1", 1, EvtchnAbi.TWO_LEVEL);
            hibernate(legacy, "hazard-2", 2, EvtchnAbi.TWO_LEVEL);

            // Then every hibernated FIFO image gets its own permit, whichever task holds it
            List<PolicyDirective> policies = clients.readUntil(Topics.POLICY,
                    ds -> early.stream().allMatch(g -> permitted(ds, g)), WAIT);
            assertThat(policies).filteredOn(d -> d.getTarget().getKind() == PolicyTargetKind.FAMILY)
                    .extracting(d -> d.getControls().getEvtchnFifo()).containsExactly(ControlSetting.DENY);
            for (String guest : early) {
                assertThat(of(policies, guest)).as(guest).singleElement().satisfies(d -> {
                    assertThat(d.getReason().getCode()).isEqualTo(PolicyReasonCode.FIFO_IMAGE_NEEDS_PERMIT);
                    assertThat(d.getVersion()).isEqualTo(1L);
                });
            }

            // When another guest hibernates with a FIFO image while the denial is in force
            hibernate(modern, "fifo-late", 30, EvtchnAbi.FIFO);
            // ... and one of the early guests resumes from its image under its permit
            String resumer = early.get(0);
            PolicyDirective permit = of(policies, resumer).get(0);
            clients.send(Topics.EVENTS, resumer, Events.created(modern.next(), resumer, 40,
                    CreateKind.RESUME_FROM_HIBERNATION, ControlSetting.PERMIT, PolicyTargetKeys.keyOf(permit.getTarget()),
                    permit.getVersion()));
            clients.send(Topics.EVENTS, resumer, Events.resumedFifo(modern.next(), resumer, 40));

            // Then the late guest is permitted at once, and the resumed guest's permit is lifted
            List<PolicyDirective> after = clients.readUntil(Topics.POLICY, ds -> permitted(ds, "fifo-late")
                    && of(ds, resumer).size() == 2, WAIT);
            assertThat(of(after, resumer).get(1).getControls().getEvtchnFifo()).isEqualTo(ControlSetting.UNSET);
            assertThat(of(after, resumer).get(1).getReason().getCode()).isEqualTo(PolicyReasonCode.LIFTED);
            assertThat(of(after, "hazard-1")).extracting(d -> d.getControls().getEvtchnFifo())
                    .containsExactly(ControlSetting.DENY);
            // ... and the loop back to the guest tasks has one partition per guest task
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers()))) {
                String loop = APP_ID + "-" + Names.FAMILY_DIRECTIVES_REPARTITION + "-repartition";
                assertThat(admin.describeTopics(List.of(loop)).allTopicNames().get().get(loop).partitions())
                        .hasSize(EVENT_PARTITIONS);
            }
        }
    }
}
