package io.fleetcompat.rules.rollout;

import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.OperatorCommand;

/** An operator command on a rollout, as the family processor receives it (repartitioned by family key). */
public record RolloutCommand(String commandId, OperatorAction action, String rolloutId, String actor, String reason,
                             long issuedAt) {

    public static RolloutCommand of(OperatorCommand c) {
        return new RolloutCommand(c.getCommandId(), c.getAction(), c.getRolloutId(), c.getActor(), c.getReason(),
                c.getIssuedAt().toEpochMilli());
    }
}
