package io.fleetcompat.rules.rollout;

import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.OperatorCommand;

/**
 * An operator command on a family's rollouts, as the family processor receives it (repartitioned by family key).
 *
 * @param rolloutId the rollout it is about (null for START, which names its family)
 * @param familyKey for START: {@code family:<kernel_family>@<PROFILE>}; null otherwise
 * @param fifo for START: evtchn_fifo to roll out (null: the default, deny)
 * @param upcall for START: evtchn_upcall to roll out (null: UNSET)
 * @param scope for START: which creates the family directive speaks for (null: the configured default)
 */
public record RolloutCommand(String commandId, OperatorAction action, String rolloutId, String familyKey,
                             ControlSetting fifo, ControlSetting upcall, DirectiveScope scope, String actor,
                             String reason, long issuedAt) {

    public static RolloutCommand of(OperatorCommand c) {
        EvtchnControls controls = c.getRolloutControls();
        return new RolloutCommand(c.getCommandId(), c.getAction(), c.getRolloutId(), c.getFamilyKey(),
                controls == null ? null : controls.getEvtchnFifo(), controls == null ? null : controls.getEvtchnUpcall(),
                c.getRolloutScope(), c.getActor(), c.getReason(), c.getIssuedAt().toEpochMilli());
    }
}
