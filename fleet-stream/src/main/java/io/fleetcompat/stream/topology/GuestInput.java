package io.fleetcompat.stream.topology;

import io.fleetcompat.rules.guest.GuestCommand;
import io.fleetcompat.stream.errors.SourceBytes;
import org.apache.avro.specific.SpecificRecord;

/** What reaches the guest processor: a decoded agent event, or an operator's PIN/UNPIN. In memory only. */
public sealed interface GuestInput {

    record Event(SpecificRecord event, SourceBytes source) implements GuestInput {
    }

    record Command(GuestCommand command) implements GuestInput {
    }
}
