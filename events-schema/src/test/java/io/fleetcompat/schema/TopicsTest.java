package io.fleetcompat.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void shouldListEveryTopicOfTheArchitectureOnce() {
        assertThat(Topics.all()).map(TopicSpec::name).containsExactly("fleet.events", "fleet.hosts",
                "fleet.policy", "fleet.rollouts", "fleet.audit", "fleet.commands", "fleet.dead-letters");
    }

    @Test
    void shouldKeepFleetEventsForeverBecauseReplayRebuildsStateFromIt() {
        NewTopic events = Topics.EVENTS.toNewTopic(24, (short) 3);

        assertThat(events.name()).isEqualTo("fleet.events");
        assertThat(events.numPartitions()).isEqualTo(24);
        assertThat(events.replicationFactor()).isEqualTo((short) 3);
        assertThat(events.configs())
                .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "delete")
                .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "-1");
    }

    @Test
    void shouldCompactThePolicyAndRolloutTopics() {
        assertThat(Topics.POLICY.toNewTopic((short) 1).configs())
                .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact");
        assertThat(Topics.ROLLOUTS.toNewTopic((short) 1).configs())
                .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact");
        assertThat(Topics.HOSTS.toNewTopic((short) 1).configs())
                .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact,delete");
    }

    @Test
    void shouldReplicateThreeTimesWithTwoInSyncOnAProductionCluster() {
        assertThat(Topics.all()).allSatisfy(spec -> {
            NewTopic topic = spec.toNewTopic(spec.defaultPartitions(), spec.durability());
            assertThat(topic.replicationFactor()).as(spec.name()).isEqualTo((short) 3);
            assertThat(topic.configs()).as(spec.name()).containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        });
    }

    @Test
    void shouldNeverAskForMoreInSyncReplicasThanCopiesOnASmallerCluster() {
        assertThat(Topics.EVENTS.toNewTopic(12, (short) 1).configs())
                .containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1");
        assertThat(Topics.EVENTS.toNewTopic(12, TopicSpec.Durability.SINGLE_NODE).replicationFactor()).isEqualTo((short) 1);
        assertThat(Topics.EVENTS.toNewTopic(12, (short) 5).configs())
                .containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
    }

    @Test
    void shouldUseTheDefaultPartitionCountWhenNoneIsGiven() {
        assertThat(Topics.all()).allSatisfy(spec ->
                assertThat(spec.toNewTopic((short) 1).numPartitions()).isEqualTo(spec.defaultPartitions()));
    }

    @Test
    void shouldEncodeKeysAsUtf8Strings() {
        Serde<String> keys = Topics.EVENTS.keySerde();
        String guest = "gäst-7d0c";

        byte[] bytes = keys.serializer().serialize(Topics.EVENTS.name(), guest);

        assertThat(bytes).isEqualTo(guest.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(keys.deserializer().deserialize(Topics.EVENTS.name(), bytes)).isEqualTo(guest);
    }
}
