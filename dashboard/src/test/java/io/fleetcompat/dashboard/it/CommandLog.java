package io.fleetcompat.dashboard.it;

import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.OperatorCommand;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads fleet.commands from the beginning on its own thread and keeps every command with its key. */
public class CommandLog implements AutoCloseable {

    /** A command as found on the topic. */
    public record Written(String key, OperatorCommand command) {
    }

    private final KafkaConsumer<String, OperatorCommand> consumer;
    private final List<Written> written = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public CommandLog(String bootstrapServers, Consumer<Written> onCommand) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-command-log-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), Topics.COMMANDS.valueSerde().deserializer());
        consumer.subscribe(List.of(Topics.COMMANDS.name()));
        this.thread = new Thread(() -> run(onCommand), "test-command-log");
        thread.start();
    }

    public CommandLog(String bootstrapServers) {
        this(bootstrapServers, w -> { });
    }

    /** How many records fleet.commands holds: the sum of its partitions' end offsets. */
    public static long endOffset(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.COMMANDS.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public List<Written> written() {
        return List.copyOf(written);
    }

    private void run(Consumer<Written> onCommand) {
        try {
            while (running) {
                for (ConsumerRecord<String, OperatorCommand> r : consumer.poll(Duration.ofMillis(200))) {
                    Written w = new Written(r.key(), r.value());
                    written.add(w);
                    onCommand.accept(w);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10).toMillis());
    }
}
