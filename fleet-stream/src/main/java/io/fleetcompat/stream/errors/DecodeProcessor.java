package io.fleetcompat.stream.errors;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The decode step in front of the typed topology. Sources read raw bytes, so a poison pill never reaches a
 * deserializer inside Kafka Streams (which would stop or skip it); here every failure becomes a dead letter
 * with the reason, and the stream goes on.
 */
public final class DecodeProcessor<T> extends ContextualProcessor<byte[], byte[], String, Decoded<T>> {

    private final Function<byte[], T> decoder;

    /** @param decoder throws (an EventDecodingException, typically) for bytes it cannot turn into a T */
    public DecodeProcessor(Function<byte[], T> decoder) {
        this.decoder = decoder;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata meta = context().recordMetadata().orElseThrow();
        SourceBytes source = new SourceBytes(meta.topic(), meta.partition(), meta.offset(), record.key(),
                record.value());
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (key == null || record.value() == null) {
            context().forward(record.withKey(key).withValue(new Decoded.Failed<>(DeadLetterFactory.invalid(source,
                    key == null ? "record without a key" : "record without a value", DeadLetterFactory.COMPONENT_DECODE,
                    record.timestamp()))));
            return;
        }
        try {
            T value = decoder.apply(record.value());
            context().forward(record.withKey(key).withValue(new Decoded.Ok<>(value, source)));
        } catch (RuntimeException e) {
            context().forward(record.withKey(key).withValue(
                    new Decoded.Failed<>(DeadLetterFactory.undecodable(source, e, record.timestamp()))));
        }
    }
}
