package io.fleetcompat.rules.guest;

import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.LiftKind;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import java.util.List;

/**
 * The latest instance-level directive decided for this guest (also when it was only observed), so the
 * decider can tell a new fact from one it already acted on. {@code commandId} is the operator command that
 * set it (PIN/UNPIN), so a command seen twice is applied once. {@code liftKind} is the kind of the directive's
 * lift condition (null: none).
 *
 * @param scope which creates the directive speaks for; states written before scopes existed read as ALL_CREATES
 *              (the legacy v1 directives, which keep the old lift rule)
 * @param imageId for RESUME_OF_IMAGE: the hibernation image it protects (or permits)
 * @param evtchnUpcall the directive's evtchn_upcall (only operator pins set it); UNSET in older states
 * @param expiresAt for a pin with an expiry: when it lifts by itself (lift condition AFTER_TIME), else null
 */
public record InstancePolicy(long version, ControlSetting evtchnFifo, PolicyReasonCode reason, PolicyMode mode,
                             List<String> evidenceEventIds, long issuedAt, boolean pinned,
                             String commandId, LiftKind liftKind, DirectiveScope scope, String imageId,
                             ControlSetting evtchnUpcall, Long expiresAt) {

    public InstancePolicy {
        evidenceEventIds = List.copyOf(evidenceEventIds);
        scope = scope == null ? DirectiveScope.ALL_CREATES : scope;
        evtchnUpcall = evtchnUpcall == null ? ControlSetting.UNSET : evtchnUpcall;
    }

    public boolean denies() {
        return evtchnFifo == ControlSetting.DENY;
    }

    /** A denial of every create of the guest (a legacy v1 directive or a pin): the one the interlock rules meet. */
    public boolean deniesAtAllCreates() {
        return denies() && scope == DirectiveScope.ALL_CREATES;
    }

    /** It sets evtchn_fifo for the resume of one image, which it outlives by nothing: lifted once that is consumed. */
    public boolean bindsImage() {
        return scope == DirectiveScope.RESUME_OF_IMAGE && imageId != null && evtchnFifo != ControlSetting.UNSET;
    }

    /** It sets no control: a lift (or an unpin). A guest with such a policy is undecided for a new hazard. */
    public boolean setsNothing() {
        return evtchnFifo == ControlSetting.UNSET && evtchnUpcall == ControlSetting.UNSET;
    }

    /** A pin that lifts by itself, due at {@code now}. */
    public boolean pinExpiredAt(long now) {
        return pinned && expiresAt != null && expiresAt <= now;
    }
}
