package io.fleetcompat.rules.guest;

import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.OperatorAction;
import io.fleetcompat.schema.avro.OperatorCommand;

/**
 * PIN / UNPIN of one guest, repartitioned by guest id into the guest processor (internal JSON).
 *
 * @param fifo evtchn_fifo of the pin (UNSET for an UNPIN)
 * @param upcall evtchn_upcall of the pin (UNSET for an UNPIN, and in commands written before it was carried)
 * @param expiresAt when the pin lifts by itself (AFTER_TIME), null until an UNPIN
 */
public record GuestCommand(String commandId, OperatorAction action, String instanceId, ControlSetting fifo,
                           ControlSetting upcall, Long expiresAt, String actor, String reason, long issuedAt) {

    public GuestCommand {
        upcall = upcall == null ? ControlSetting.UNSET : upcall;
    }

    public static GuestCommand of(OperatorCommand c) {
        EvtchnControls pin = c.getPinControls();
        return new GuestCommand(c.getCommandId(), c.getAction(), c.getInstanceId(),
                pin == null ? ControlSetting.UNSET : pin.getEvtchnFifo(),
                pin == null ? ControlSetting.UNSET : pin.getEvtchnUpcall(),
                c.getPinExpiresAt() == null ? null : c.getPinExpiresAt().toEpochMilli(), c.getActor(), c.getReason(),
                c.getIssuedAt().toEpochMilli());
    }

    public boolean pins() {
        return action == OperatorAction.PIN;
    }
}
