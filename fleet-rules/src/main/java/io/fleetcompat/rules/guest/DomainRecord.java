package io.fleetcompat.rules.guest;

import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.CreateKind;
import io.fleetcompat.schema.avro.DestroyReason;

/**
 * One domain the guest ran in, with the controls it got and the directive (key + version) behind them.
 * A domid is only meaningful together with its host.
 */
public record DomainRecord(String hostId, int domid, CreateKind createKind, ControlSetting evtchnFifo,
                           String policyKey, Long policyVersion, long createdAt, boolean live,
                           DestroyReason destroyReason) {

    public boolean isOn(String host, int id) {
        return live && hostId.equals(host) && domid == id;
    }

    public DomainRecord ended(DestroyReason reason) {
        return new DomainRecord(hostId, domid, createKind, evtchnFifo, policyKey, policyVersion, createdAt,
                false, reason);
    }
}
