package io.fleetcompat.stream.errors;

import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.DeadLetter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.StreamsConfig;
import org.jboss.logging.Logger;

/**
 * Dead letters written outside the topology's transactions: those of the global known-hosts processor (a global
 * processor has no downstream) and those of {@link DeadLetterExceptionHandler}. A dedicated idempotent,
 * non-transactional producer (acks=all) sends each synchronously, and a letter is never dropped: a retriable
 * failure (Kafka unreachable) is retried with backoff for {@code retryFor}, a letter too large for the producer is
 * sent without the record's value (the reason says so), and any other failure, or the end of {@code retryFor},
 * throws {@link DeadLetterNotWrittenException}, so the caller fails rather than goes on as if it were written.
 *
 * <p>Why at-least-once is enough: the global store is outside the exactly-once transaction anyway (on restore
 * Kafka Streams re-runs the processor over fleet.hosts from its local checkpoint), and a processing failure whose
 * transaction aborts is handled again when its record is reprocessed, so a letter may be written twice. Each
 * carries its source topic, partition and offset, the key a reader dedupes on. Losing none matters more.
 */
public final class KafkaDeadLetterSink implements DeadLetterSink {

    /** Retried until written: the global thread has nothing better to do while it cannot report a bad host record. */
    public static final Duration UNTIL_WRITTEN = Duration.ofDays(365);

    private static final Logger LOG = Logger.getLogger(KafkaDeadLetterSink.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Duration retryFor;
    private final String clientSuffix;
    private final Function<Map<String, Object>, Producer<String, DeadLetter>> producers;
    private Map<String, Object> producerConfig;
    private Producer<String, DeadLetter> producer;
    private volatile boolean closed;

    /** The known-hosts processor's sink: retries until the letter is written. */
    public KafkaDeadLetterSink() {
        this(UNTIL_WRITTEN, "known-hosts-dead-letters", KafkaDeadLetterSink::kafkaProducer);
    }

    /**
     * @param retryFor     how long retriable failures are retried before {@link #send} gives up
     * @param clientSuffix appended to the application id to name the producer's client
     */
    KafkaDeadLetterSink(Duration retryFor, String clientSuffix,
                        Function<Map<String, Object>, Producer<String, DeadLetter>> producers) {
        this.retryFor = retryFor;
        this.clientSuffix = clientSuffix;
        this.producers = producers;
    }

    @Override
    public synchronized void open(Map<String, Object> appConfigs) {
        closed = false;
        if (producerConfig == null) {
            producerConfig = producerConfigOf(appConfigs, clientSuffix);
        }
    }

    /** The application's client settings (bootstrap, security, producer.* overrides) without a transaction. */
    static Map<String, Object> producerConfigOf(Map<String, ?> appConfigs, String clientSuffix) {
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
        config.put(ProducerConfig.CLIENT_ID_CONFIG, appConfigs.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-" + clientSuffix);
        return config;
    }

    /** Returns once Kafka acknowledged the letter; throws when it cannot be written (see the class comment). */
    @Override
    public void send(DeadLetter letter) {
        long giveUpAt = System.nanoTime() + retryFor.toNanos();
        Duration backoff = FIRST_BACKOFF;
        DeadLetter toSend = letter;
        while (true) {
            Throwable failure;
            try {
                producer().send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), toSend.getSourceTopic(), toSend))
                        .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeadLetterNotWrittenException(letter, e);
            } catch (TimeoutException e) {
                failure = e;
            } catch (ExecutionException e) {
                failure = e.getCause();
                if (failure instanceof RecordTooLargeException && toSend.getValue() != null) {
                    toSend = withoutValue(toSend);
                    continue;
                }
                if (!(failure instanceof RetriableException)) {
                    throw new DeadLetterNotWrittenException(letter, failure);
                }
            } catch (RuntimeException e) {
                throw new DeadLetterNotWrittenException(letter, e);
            }
            if (closed || System.nanoTime() - giveUpAt > 0) {
                throw new DeadLetterNotWrittenException(letter, failure);
            }
            LOG.errorf("dead letter for %s@%d not written yet (%s); retrying in %d s", letter.getSourceTopic(),
                    letter.getSourceOffset(), failure, backoff.toSeconds());
            pause(letter, backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private synchronized Producer<String, DeadLetter> producer() {
        if (producerConfig == null) {
            throw new IllegalStateException("dead-letter sink used before open");
        }
        if (producer == null) {
            producer = producers.apply(producerConfig);
        }
        return producer;
    }

    private static void pause(DeadLetter letter, Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterNotWrittenException(letter, e);
        }
    }

    /** The letter without the record's bytes, which made it larger than the producer may send. */
    private static DeadLetter withoutValue(DeadLetter letter) {
        int bytes = letter.getValue().remaining();
        return DeadLetter.newBuilder(letter).setValue(null)
                .setErrorMessage(letter.getErrorMessage() + " (the record's value, " + bytes
                        + " bytes, is not kept: too large for the dead-letter topic)")
                .build();
    }

    static Producer<String, DeadLetter> kafkaProducer(Map<String, Object> config) {
        return new KafkaProducer<>(config, Topics.DEAD_LETTERS.keySerde().serializer(),
                Topics.DEAD_LETTERS.valueSerde().serializer());
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
                producer = null;
            }
        }
    }
}
