package io.fleetcompat.stream.errors;

import io.fleetcompat.schema.avro.DeadLetter;
import java.util.Map;

/**
 * Where the global known-hosts processor sends its dead letters. A global store processor has no downstream
 * (and fleet.hosts can be registered only once per topology), so its dead letters leave the topology through
 * this sink instead of an output topic. One sink is shared by every instance of the processor Kafka Streams
 * creates (the running one and the one that reprocesses fleet.hosts on restore).
 */
public interface DeadLetterSink {

    /** Called by every processor instance's init; must be idempotent. */
    void open(Map<String, Object> appConfigs);

    /**
     * Returns once the letter is written.
     *
     * @throws DeadLetterNotWrittenException when it cannot be written: the caller must not go on as if it were
     */
    void send(DeadLetter letter);

    /** Called when the global processor closes; a later send may reopen. */
    void close();

    /** For the replay tool, which must not write to any topic: the letter is only logged. */
    static DeadLetterSink loggingOnly() {
        return new DeadLetterSink() {
            private final org.jboss.logging.Logger log = org.jboss.logging.Logger.getLogger(DeadLetterSink.class);

            @Override
            public void open(Map<String, Object> appConfigs) {
            }

            @Override
            public void send(DeadLetter letter) {
                log.warnf("dead letter not published (replay): %s@%d %s", letter.getSourceTopic(),
                        letter.getSourceOffset(), letter.getErrorMessage());
            }

            @Override
            public void close() {
            }
        };
    }
}
