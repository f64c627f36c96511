package io.fleetcompat.rules.guest;

import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.OperatorCommand;

/** PIN / UNPIN of one guest, repartitioned by guest id into the guest processor (internal JSON). */
public record GuestCommand(String commandId, OperatorAction action, String instanceId, ControlSetting fifo,
                           String actor, String reason, long issuedAt) {

    public static GuestCommand of(OperatorCommand c) {
        ControlSetting fifo = c.getPinControls() == null ? ControlSetting.UNSET : c.getPinControls().getEvtchnFifo();
        return new GuestCommand(c.getCommandId(), c.getAction(), c.getInstanceId(), fifo, c.getActor(), c.getReason(),
                c.getIssuedAt().toEpochMilli());
    }
}
