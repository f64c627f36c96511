package io.fleetcompat.stream.topology;

import io.fleetcompat.rules.guest.GuestCommand;
import io.fleetcompat.schema.avro.AuditRecord;
import io.fleetcompat.schema.avro.DeadLetter;
import io.fleetcompat.rules.rollout.RolloutCommand;

/** Where an operator command goes: to a guest, to a family's rollout, or nowhere (with a reason). */
sealed interface RoutedCommand {

    record ToGuest(GuestCommand command) implements RoutedCommand {
    }

    record ToFamily(RolloutCommand command) implements RoutedCommand {
    }

    /** Unusable content: dead-lettered. */
    record Invalid(DeadLetter deadLetter) implements RoutedCommand {
    }

    /** Well-formed but about no rollout we can know: rejected in the audit trail. */
    record Rejected(AuditRecord audit) implements RoutedCommand {
    }
}
