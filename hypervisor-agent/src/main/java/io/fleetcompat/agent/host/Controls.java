package io.fleetcompat.agent.host;

import io.fleetcompat.schema.avro.ControlSetting;

/**
 * The two per-domain event-channel controls, as in the Avro EvtchnControls: PERMIT or DENY where the host's
 * profile has the create flag, UNSET where it has none (the behaviour is then fixed by the Xen version). In a
 * directive, UNSET leaves the toolstack's choice alone.
 */
public record Controls(ControlSetting evtchnFifo, ControlSetting evtchnUpcall) {

    public static final Controls UNSET = new Controls(ControlSetting.UNSET, ControlSetting.UNSET);
    public static final Controls DENY_FIFO = new Controls(ControlSetting.DENY, ControlSetting.UNSET);
    public static final Controls PERMIT_FIFO = new Controls(ControlSetting.PERMIT, ControlSetting.UNSET);

    public Controls {
        if (evtchnFifo == null || evtchnUpcall == null) {
            throw new IllegalArgumentException("both controls need a setting (UNSET for none)");
        }
    }

    public Controls withFifo(ControlSetting value) {
        return new Controls(value, evtchnUpcall);
    }

    public Controls withUpcall(ControlSetting value) {
        return new Controls(evtchnFifo, value);
    }

    /** These settings over {@code base}: every setting that is not UNSET here wins. */
    public Controls over(Controls base) {
        return new Controls(evtchnFifo == ControlSetting.UNSET ? base.evtchnFifo : evtchnFifo,
                evtchnUpcall == ControlSetting.UNSET ? base.evtchnUpcall : evtchnUpcall);
    }
}
