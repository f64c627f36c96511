package io.fleetcompat.dashboard.feed;

import io.fleetcompat.dashboard.fold.FleetViews;
import io.fleetcompat.schema.DeadLetters;
import io.fleetcompat.schema.TopicSpec;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.HostStatus;
import io.fleetcompat.schema.avro.OperatorCommand;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.RolloutState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes one raw record with its topic's serde and hands it to the views. A record that cannot be decoded
 * or folded is counted and shown on the dead-letters page, never thrown: one bad record must not stop the
 * page for everyone.
 */
public final class FeedRouter {

    public static final String COMPONENT = "dashboard";

    /** The topics the dashboard reads (everything but its own output would do; it reads that too). */
    public static final List<TopicSpec<String, ?>> TOPICS = List.of(Topics.EVENTS, Topics.HOSTS, Topics.POLICY,
            Topics.ROLLOUTS, Topics.AUDIT, Topics.COMMANDS, Topics.DEAD_LETTERS);

    private final FleetViews views;
    private final Map<String, Deserializer<?>> deserializers;

    public FeedRouter(FleetViews views) {
        this.views = views;
        this.deserializers = TOPICS.stream().collect(Collectors.toUnmodifiableMap(TopicSpec::name,
                t -> t.valueSerde().deserializer(), (a, b) -> a));
    }

    public void route(ConsumerRecord<String, byte[]> record) {
        try {
            Deserializer<?> deserializer = deserializers.get(record.topic());
            if (deserializer == null) {
                throw new IllegalStateException("no serde for topic " + record.topic());
            }
            Object value = deserializer.deserialize(record.topic(), record.headers(), record.value());
            fold(record.topic(), record.key(), value);
        } catch (RuntimeException e) {
            views.onDashboardFailure(failure(record, e));
        }
    }

    private void fold(String topic, String key, Object value) {
        if (topic.equals(Topics.HOSTS.name())) {
            views.onHost(key, (HostStatus) value);
        } else if (topic.equals(Topics.POLICY.name())) {
            views.onPolicy(key, (PolicyDirective) value);
        } else if (topic.equals(Topics.ROLLOUTS.name())) {
            views.onRollout(key, (RolloutState) value);
        } else if (value == null) {
            return; // tombstones mean something only on the compacted topics above
        } else if (topic.equals(Topics.EVENTS.name())) {
            views.onEvent((SpecificRecord) value);
        } else if (topic.equals(Topics.AUDIT.name())) {
            views.onAudit((AuditRecord) value);
        } else if (topic.equals(Topics.COMMANDS.name())) {
            views.onCommand((OperatorCommand) value);
        } else if (topic.equals(Topics.DEAD_LETTERS.name())) {
            views.onDeadLetter((DeadLetter) value);
        } else {
            throw new IllegalStateException("unrouted topic " + topic);
        }
    }

    private static DeadLetter failure(ConsumerRecord<String, byte[]> record, RuntimeException e) {
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        return DeadLetters.of(record.topic(), record.partition(), record.offset(), key, record.value(), e,
                COMPONENT);
    }
}
