package io.fleetcompat.stream.topology;

import io.fleetcompat.rules.guest.GuestCommand;
import io.fleetcompat.schema.avro.AuditAction;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.OperatorCommand;
import io.fleetcompat.stream.errors.DeadLetterFactory;
import io.fleetcompat.stream.errors.Decoded;
import io.fleetcompat.rules.policy.PolicyRecords;
import io.fleetcompat.rules.rollout.RolloutCommand;
import io.fleetcompat.rules.rollout.FamilyKey;
import io.fleetcompat.rules.rollout.RolloutIds;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Re-keys decoded operator commands: PIN/UNPIN by guest id, rollout commands by the family key inside the
 * rollout id (START by its family key), so each lands in the partition that owns its state. A command missing what
 * it needs is a dead letter; one about a rollout or family that cannot exist is rejected in the audit trail.
 */
final class CommandRouter extends ContextualProcessor<String, Decoded<OperatorCommand>, String, RoutedCommand> {

    @Override
    public void process(Record<String, Decoded<OperatorCommand>> record) {
        if (record.value() instanceof Decoded.Failed<OperatorCommand> failed) {
            context().forward(record.withValue(new RoutedCommand.Invalid(failed.deadLetter())));
            return;
        }
        Decoded.Ok<OperatorCommand> ok = (Decoded.Ok<OperatorCommand>) record.value();
        OperatorCommand c = ok.value();
        OperatorAction action = c.getAction();
        if (action == OperatorAction.PIN || action == OperatorAction.UNPIN) {
            if (c.getInstanceId() == null || c.getInstanceId().isBlank()
                    || (action == OperatorAction.PIN && c.getPinControls() == null)) {
                invalid(record, ok, action + " needs instance_id" + (action == OperatorAction.PIN ? " and pin_controls" : ""));
                return;
            }
            context().forward(new Record<>(c.getInstanceId(), new RoutedCommand.ToGuest(GuestCommand.of(c)),
                    record.timestamp()));
            return;
        }
        if (action == OperatorAction.UNKNOWN) {
            invalid(record, ok, "unknown operator action");
            return;
        }
        if (action == OperatorAction.START) {
            // START names its family; the rollout it opens has no id yet.
            if (c.getFamilyKey() == null || c.getFamilyKey().isBlank()) {
                invalid(record, ok, "START needs family_key");
                return;
            }
            if (FamilyKey.parse(c.getFamilyKey()).isEmpty()) {
                rejected(record, c, c.getFamilyKey(), "no family with key " + c.getFamilyKey()
                        + ": a family key is family:<kernel_family>@<XEN_PROFILE>");
                return;
            }
            context().forward(new Record<>(c.getFamilyKey(), new RoutedCommand.ToFamily(RolloutCommand.of(c)),
                    record.timestamp()));
            return;
        }
        Optional<String> familyKey = RolloutIds.familyKeyOf(c.getRolloutId());
        if (familyKey.isEmpty()) {
            rejected(record, c, c.getRolloutId(), "no rollout with id " + c.getRolloutId());
            return;
        }
        context().forward(new Record<>(familyKey.get(), new RoutedCommand.ToFamily(RolloutCommand.of(c)),
                record.timestamp()));
    }

    /** Well-formed, but about no rollout or family that can exist: rejected in the audit trail, keyed by subject. */
    private void rejected(Record<String, Decoded<OperatorCommand>> record, OperatorCommand c, String about,
                          String why) {
        String subject = about == null ? "unknown" : about;
        context().forward(new Record<>(subject, new RoutedCommand.Rejected(PolicyRecords.audit(
                AuditAction.COMMAND_REJECTED, subject, c.getAction() + " rejected", why, c.getActor(),
                c.getIssuedAt().toEpochMilli(), List.of(), null, c.getRolloutId(), c.getCommandId())),
                record.timestamp()));
    }

    private void invalid(Record<String, Decoded<OperatorCommand>> record, Decoded.Ok<OperatorCommand> ok, String why) {
        context().forward(record.withValue(new RoutedCommand.Invalid(DeadLetterFactory.invalid(ok.source(), why,
                DeadLetterFactory.COMPONENT_COMMANDS, record.timestamp()))));
    }
}
