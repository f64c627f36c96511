package io.fleetcompat.stream.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.DeadLetterErrorKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.DeserializationHandlerResponse;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.ProcessingHandlerResponse;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class DeadLetterExceptionHandlerTest {

    private final List<DeadLetter> written = new ArrayList<>();
    private boolean kafkaRefuses;

    private final DeadLetterSink sink = new DeadLetterSink() {
        @Override
        public void open(Map<String, Object> appConfigs) {
        }

        @Override
        public void send(DeadLetter letter) {
            if (kafkaRefuses) {
                throw new DeadLetterNotWrittenException(letter, new IllegalStateException("broker gone"));
            }
            written.add(letter);
        }

        @Override
        public void close() {
        }
    };

    private static final ErrorHandlerContext CONTEXT = new ErrorHandlerContext() {
        @Override public String topic() { return Topics.EVENTS.name(); }
        @Override public int partition() { return 3; }
        @Override public long offset() { return 1207; }
        @Override public Headers headers() { return new RecordHeaders(); }
        @Override public String processorNodeId() { return "guest-event-processor"; }
        @Override public TaskId taskId() { return new TaskId(0, 3); }
        @Override public long timestamp() { return 1_700_000_000_000L; }
        @Override public byte[] sourceRawKey() { return "guest-9".getBytes(StandardCharsets.UTF_8); }
        @Override public byte[] sourceRawValue() { return new byte[] {(byte) 0xC3, 0x01, 7}; }
    };

    private DeadLetterExceptionHandler handler() {
        DeadLetterExceptionHandler handler = new DeadLetterExceptionHandler(sink);
        handler.configure(Map.of());
        return handler;
    }

    @Test
    void shouldDeadLetterTheSourceRecordWithTheReasonAndContinue() {
        ProcessingHandlerResponse response = handler().handle(CONTEXT, new Record<>("guest-9", "typed", 0L),
                new IllegalStateException("no domain 4 on host-2"));

        assertThat(response).isEqualTo(ProcessingHandlerResponse.CONTINUE);
        assertThat(written).singleElement().satisfies(letter -> {
            assertThat(letter.getSourceTopic()).isEqualTo(Topics.EVENTS.name());
            assertThat(letter.getSourcePartition()).isEqualTo(3);
            assertThat(letter.getSourceOffset()).isEqualTo(1207);
            assertThat(letter.getErrorKind()).isEqualTo(DeadLetterErrorKind.PROCESSING_FAILED);
            assertThat(letter.getErrorMessage()).contains("guest-event-processor", "no domain 4 on host-2");
            assertThat(letter.getSourceComponent()).isEqualTo("fleet-stream/guest-event-processor");
            assertThat(StandardCharsets.UTF_8.decode(letter.getKey()).toString()).isEqualTo("guest-9");
            assertThat(letter.getValue().remaining()).isEqualTo(3);
        });
    }

    @Test
    void shouldDeadLetterAnInternalTopicsRecordThatDoesNotDeserializeAndContinue() {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("fleet-stream-family-inputs-repartition", 1, 88,
                "family:linux-5.10@PROPOSED".getBytes(StandardCharsets.UTF_8), "{not json".getBytes(StandardCharsets.UTF_8));

        DeserializationHandlerResponse response = handler().handle(CONTEXT, record,
                new SerializationException("cannot read FamilyInput from JSON"));

        assertThat(response).isEqualTo(DeserializationHandlerResponse.CONTINUE);
        assertThat(written).singleElement().satisfies(letter -> {
            assertThat(letter.getSourceTopic()).isEqualTo("fleet-stream-family-inputs-repartition");
            assertThat(letter.getSourceOffset()).isEqualTo(88);
            assertThat(letter.getErrorMessage()).contains("cannot read FamilyInput");
            assertThat(StandardCharsets.UTF_8.decode(letter.getValue()).toString()).isEqualTo("{not json");
        });
    }

    @Test
    void shouldFailTheThreadRatherThanPassOverARecordWhoseDeadLetterCannotBeWritten() {
        kafkaRefuses = true;

        ProcessingHandlerResponse response = handler().handle(CONTEXT, new Record<>("guest-9", "typed", 0L),
                new IllegalStateException("boom"));

        assertThat(response).isEqualTo(ProcessingHandlerResponse.FAIL);
        assertThat(written).isEmpty();
    }
}
