package io.fleetcompat.dashboard.command;

import io.fleetcompat.dashboard.kafka.KafkaClientSettings;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.OperatorCommand;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes operator commands to fleet.commands, keyed by their target so the commands on one rollout or guest
 * stay in order. Waits for the broker's acknowledgement: the operator is told only what was really written.
 */
@ApplicationScoped
public class CommandPublisher {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaProducer<String, OperatorCommand> producer;

    public CommandPublisher(KafkaClientSettings kafka) {
        Properties p = kafka.forClient();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "fleetcompat-dashboard-commands");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(SEND_TIMEOUT.toMillis()));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(SEND_TIMEOUT.toMillis()));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(SEND_TIMEOUT.toMillis() / 2));
        this.producer = new KafkaProducer<>(p, new StringSerializer(), Topics.COMMANDS.valueSerde().serializer());
    }

    /** @throws CommandNotWrittenException when the broker did not acknowledge the command in time */
    public CommandReceipt publish(String key, OperatorCommand command) {
        try {
            RecordMetadata written = producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), key, command))
                    .get(SEND_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return new CommandReceipt(command.getCommandId(), command.getAction().name(), key, command.getActor(),
                    command.getIssuedAt().toEpochMilli(), written.topic(), written.partition(), written.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandNotWrittenException(command, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new CommandNotWrittenException(command, e);
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
