package io.fleetcompat.agent.events;

import io.fleetcompat.agent.outbox.DamageReport;
import io.fleetcompat.agent.outbox.DamagedEntry;
import io.fleetcompat.schema.DeadLetters;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.DeadLetterErrorKind;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Reports a damaged outbox entry on fleet.dead-letters, in the entry's place in the outbox: the damage reaches
 * the operators through Kafka like any bad record, and the entries after it are sent. The letter names the
 * outbox offset (partition -1: not a Kafka coordinate), the damaged bytes, and what they seem to say.
 */
public final class OutboxDamageLetters implements DamageReport {

    /** Source topic of a damaged entry whose own topic cannot be read. */
    static final String OUTBOX = "outbox";

    private final String component;
    private final Clock clock;
    private final SingleObjectCodec codec = SingleObjectCodec.standard();

    /** @param component names the agent, e.g. "hypervisor-agent@host-17" */
    public OutboxDamageLetters(String component, Clock clock) {
        this.component = component + "/outbox";
        this.clock = clock;
    }

    @Override
    public Replacement replace(DamagedEntry damaged) {
        String sourceTopic = damaged.readable() == null ? OUTBOX : damaged.readable().topic();
        byte[] key = damaged.readable() == null || damaged.readable().key() == null ? null
                : damaged.readable().key().getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = DeadLetters.of(sourceTopic, -1, damaged.offset(), key, damaged.raw(),
                new OutboxDamage(damaged.describe()), component, clock);
        letter.setErrorKind(DeadLetterErrorKind.MALFORMED_BODY);
        return new Replacement(Topics.DEAD_LETTERS.name(), sourceTopic, codec.encode(letter));
    }

    /** The reason carried by the letter. */
    static final class OutboxDamage extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutboxDamage(String message) {
            super(message, null, false, false);
        }
    }
}
