package io.fleetcompat.rules.guest;

import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.LiftKind;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import java.util.List;

/**
 * The latest instance-level directive decided for this guest (also when it was only observed), so the
 * decider can tell a new fact from one it already acted on. {@code commandId} is the operator command that
 * set it (PIN/UNPIN), so a command seen twice is applied once. {@code liftKind} is the kind of the directive's
 * lift condition (null: none), so a lift rule can tell a permit that ends with its image from one that does not.
 */
public record InstancePolicy(long version, ControlSetting evtchnFifo, PolicyReasonCode reason, PolicyMode mode,
                             List<String> evidenceEventIds, long issuedAt, boolean pinned,
                             String commandId, LiftKind liftKind) {

    public InstancePolicy {
        evidenceEventIds = List.copyOf(evidenceEventIds);
    }

    public boolean denies() {
        return evtchnFifo == ControlSetting.DENY;
    }

    /** A permit that lasts until the guest has used the FIFO hibernation image it was issued for. */
    public boolean permitsUntilImageConsumed() {
        return evtchnFifo == ControlSetting.PERMIT && liftKind == LiftKind.IMAGE_CONSUMED;
    }
}
