package io.fleetcompat.stream.errors;

import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.DeadLetter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.jboss.logging.Logger;

/**
 * Dead letters of the global known-hosts processor, written by a dedicated idempotent, non-transactional
 * producer (acks=all), synchronously: bad heartbeats are rare and the global thread may wait for them.
 *
 * <p>Why at-least-once is enough here: the global store is outside the exactly-once transaction anyway (its
 * offsets are a local checkpoint, and on restore Kafka Streams re-runs this processor over fleet.hosts from
 * the checkpoint), so a restart may write a letter again. Each letter carries its source topic, partition
 * and offset, which is the key a reader dedupes on. Losing none matters more than writing one twice.
 * A send that fails after the producer's retries is logged and the stream goes on.
 */
public final class KafkaDeadLetterSink implements DeadLetterSink {

    private static final Logger LOG = Logger.getLogger(KafkaDeadLetterSink.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private Map<String, Object> producerConfig;
    private Producer<String, DeadLetter> producer;

    @Override
    public synchronized void open(Map<String, Object> appConfigs) {
        if (producerConfig == null) {
            producerConfig = producerConfigOf(appConfigs);
        }
    }

    /** The application's client settings (bootstrap, security, producer.* overrides) without a transaction. */
    static Map<String, Object> producerConfigOf(Map<String, Object> appConfigs) {
        Map<String, Object> config = new HashMap<>();
        appConfigs.forEach((key, value) -> {
            if (value != null && ProducerConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.putAll(new StreamsConfig(appConfigs).originalsWithPrefix(StreamsConfig.PRODUCER_PREFIX));
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, appConfigs.get(StreamsConfig.APPLICATION_ID_CONFIG)
                + "-known-hosts-dead-letters");
        return config;
    }

    @Override
    public synchronized void send(DeadLetter letter) {
        if (producerConfig == null) {
            throw new IllegalStateException("dead-letter sink used before open");
        }
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig, Topics.DEAD_LETTERS.keySerde().serializer(),
                    Topics.DEAD_LETTERS.valueSerde().serializer());
        }
        try {
            producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), letter.getSourceTopic(), letter))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.errorf("dead letter for %s@%d not written (interrupted)", letter.getSourceTopic(),
                    letter.getSourceOffset());
        } catch (ExecutionException | TimeoutException e) {
            LOG.errorf(e, "dead letter for %s@%d not written: %s", letter.getSourceTopic(),
                    letter.getSourceOffset(), letter.getErrorMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
