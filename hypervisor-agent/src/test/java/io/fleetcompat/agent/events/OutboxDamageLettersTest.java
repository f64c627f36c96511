package io.fleetcompat.agent.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.agent.outbox.DamageReport;
import io.fleetcompat.agent.outbox.DamagedEntry;
import io.fleetcompat.agent.outbox.OutboxEntry;
import io.fleetcompat.schema.SingleObjectCodec;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.schema.avro.DeadLetterErrorKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class OutboxDamageLettersTest {

    private final OutboxDamageLetters letters = new OutboxDamageLetters("hypervisor-agent@host-7",
            Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void shouldReplaceADamagedEntryWithADeadLetterNamingItsOffsetAndWhatItSeemsToBe() {
        byte[] raw = {1, 2, 3, 4};
        OutboxEntry readable = new OutboxEntry(41, "host-7", 12, Topics.EVENTS.name(), "guest-9", new byte[0]);
        DamagedEntry damaged = new DamagedEntry(41, Path.of("/var/lib/outbox/00000000000000000000.seg"), 4096, 1,
                "entry at 4096 fails its CRC", raw, readable);

        DamageReport.Replacement replacement = letters.replace(damaged);

        assertThat(replacement.topic()).isEqualTo(Topics.DEAD_LETTERS.name());
        assertThat(replacement.key()).isEqualTo(Topics.EVENTS.name());
        DeadLetter letter = (DeadLetter) SingleObjectCodec.standard().decode(replacement.value());
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.EVENTS.name());
        assertThat(letter.getSourcePartition()).isEqualTo(-1);
        assertThat(letter.getSourceOffset()).isEqualTo(41);
        assertThat(letter.getErrorKind()).isEqualTo(DeadLetterErrorKind.MALFORMED_BODY);
        assertThat(letter.getErrorMessage()).contains("offset 41", "fails its CRC", "host host-7 sequence 12");
        assertThat(letter.getSourceComponent()).isEqualTo("hypervisor-agent@host-7/outbox");
        assertThat(StandardCharsets.UTF_8.decode(letter.getKey()).toString()).isEqualTo("guest-9");
        assertThat(letter.getValue().remaining()).isEqualTo(raw.length);
    }

    @Test
    void shouldNameTheOutboxAsSourceWhenTheDamagedBytesSayNothing() {
        DamagedEntry damaged = new DamagedEntry(7, Path.of("00000000000000000000.seg"), 100, 2,
                "entry at 100 has length 0 beyond the file", new byte[0], null);

        DeadLetter letter = (DeadLetter) SingleObjectCodec.standard().decode(letters.replace(damaged).value());

        assertThat(letter.getSourceTopic()).isEqualTo("outbox");
        assertThat(letter.getKey()).isNull();
        assertThat(letter.getErrorMessage()).contains("spans 2 offsets");
    }
}
