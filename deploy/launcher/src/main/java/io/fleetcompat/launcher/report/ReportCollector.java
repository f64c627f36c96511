package io.fleetcompat.launcher.report;

import io.fleetcompat.schema.TopicSpec;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.rules.cohort.ControlGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the demo's topics from the beginning on its own thread and folds them into a {@link ReportTally}.
 * Assigns partitions itself (no consumer group), so it leaves nothing behind on a real cluster. Bytes
 * that do not decode are counted per topic, never fatal.
 */
public final class ReportCollector implements AutoCloseable {

    /** The topics the report reads; fleet.commands holds nothing the report counts. */
    public static final List<TopicSpec<String, ?>> TOPICS = List.of(Topics.EVENTS, Topics.HOSTS, Topics.POLICY,
            Topics.ROLLOUTS, Topics.AUDIT, Topics.DEAD_LETTERS);

    private static final Duration POLL = Duration.ofMillis(200);
    /** A minute-long demo gives a dozen points; a day-long run a few thousand. */
    private static final Duration TIMELINE_BUCKET = Duration.ofSeconds(5);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Deserializer<?>> deserializers;
    private final ReportTally tally;
    /** Guarded by {@link #tally}'s lock, like the tally. */
    private final OutcomeTimeline timeline;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Instant drainDeadline;
    private volatile String failure;

    private ReportCollector(KafkaConsumer<byte[], byte[]> consumer, ControlGroup controlGroup) {
        this.consumer = consumer;
        this.tally = new ReportTally(controlGroup);
        this.timeline = new OutcomeTimeline(controlGroup, TIMELINE_BUCKET);
        this.deserializers = TOPICS.stream()
                .collect(Collectors.toMap(TopicSpec::name, spec -> spec.valueSerde().deserializer()));
        this.thread = new Thread(this::run, "fleet-report-collector");
        this.thread.setDaemon(true);
    }

    /**
     * Starts reading every partition of {@link #TOPICS} from the beginning.
     *
     * @param clientProperties extra Kafka client settings (security), passed through unchanged
     * @param controlGroup the guests whose agents withhold policy, to split resume failures by
     */
    public static ReportCollector start(String bootstrapServers, Map<String, String> clientProperties,
                                        ControlGroup controlGroup) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "fleet-demo-report");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (TopicSpec<String, ?> spec : TOPICS) {
                consumer.partitionsFor(spec.name()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        } catch (KafkaException e) {
            consumer.close();
            throw e;
        }
        ReportCollector collector = new ReportCollector(consumer, controlGroup);
        collector.thread.start();
        return collector;
    }

    /** The report as of the records read so far. */
    public DemoReport snapshot() {
        synchronized (tally) {
            return tally.report();
        }
    }

    /** The outcome over time as of the records read so far. */
    public OutcomeTimeline.Cumulative timeline() {
        synchronized (tally) {
            return timeline.cumulative();
        }
    }

    /** Why reading stopped early (e.g. the cluster went away), if it did. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Reads on until every partition is at the end offset it has now (or {@code timeout} passes), then stops.
     *
     * @return the final report
     */
    public DemoReport drain(Duration timeout) throws InterruptedException {
        drainDeadline = Instant.now().plus(timeout);
        thread.join(timeout.plusSeconds(5).toMillis());
        close();
        return snapshot();
    }

    @Override
    public void close() throws InterruptedException {
        if (thread.isAlive()) {
            running = false;
            consumer.wakeup();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    private void run() {
        Map<TopicPartition, Long> drainTo = null;
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    account(record);
                }
                if (drainDeadline != null) {
                    if (drainTo == null) {
                        drainTo = consumer.endOffsets(consumer.assignment());
                    }
                    if (caughtUp(drainTo)) {
                        return;
                    }
                    if (Instant.now().isAfter(drainDeadline)) {
                        // A partial report must say so: the numbers would look plausible and be wrong.
                        failure = "the drain timed out before reaching the end of " + behind(drainTo);
                        return;
                    }
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop.
        } catch (RuntimeException e) {
            // Kafka errors, but also a record the tally cannot take: either way reading stopped, which the
            // report must not hide.
            failure = e.toString();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private String behind(Map<TopicPartition, Long> endOffsets) {
        return endOffsets.entrySet().stream()
                .filter(end -> consumer.position(end.getKey()) < end.getValue())
                .map(end -> end.getKey() + " (at " + consumer.position(end.getKey()) + " of " + end.getValue() + ")")
                .collect(Collectors.joining(", "));
    }

    private boolean caughtUp(Map<TopicPartition, Long> endOffsets) {
        return endOffsets.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    private void account(ConsumerRecord<byte[], byte[]> record) {
        SpecificRecord value;
        try {
            value = (SpecificRecord) deserializers.get(record.topic()).deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            // Undecodable bytes or a type the topic does not carry: the report counts them per topic.
            synchronized (tally) {
                tally.undecodable(record.topic());
            }
            return;
        }
        synchronized (tally) {
            tally.accept(record.topic(), value);
            timeline.accept(value);
        }
    }
}
