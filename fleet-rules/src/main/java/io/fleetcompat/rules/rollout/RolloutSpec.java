package io.fleetcompat.rules.rollout;

import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DirectiveScope;

/**
 * What a rollout rolls out: the family directive's controls and the creates it speaks for. An escalation rolls out a
 * denial of evtchn_fifo at the configured scope (by default RESUMES_OF_2L_IMAGES); an operator's START may name
 * both controls and the scope; a RETRY repeats the retried rollout's.
 */
public record RolloutSpec(ControlSetting fifo, ControlSetting upcall, DirectiveScope scope) {

    public RolloutSpec {
        fifo = fifo == null ? ControlSetting.DENY : fifo;
        upcall = upcall == null ? ControlSetting.UNSET : upcall;
        scope = scope == null ? DirectiveScope.ALL_CREATES : scope;
    }

    public static RolloutSpec denyFifo(DirectiveScope scope) {
        return new RolloutSpec(ControlSetting.DENY, ControlSetting.UNSET, scope);
    }

    /** The scopes a family rollout may take; RESUME_OF_IMAGE binds an instance directive to one image. */
    public static final java.util.Set<DirectiveScope> FAMILY_SCOPES = java.util.Collections.unmodifiableSet(
            java.util.EnumSet.of(DirectiveScope.ALL_CREATES, DirectiveScope.RESUMES_OF_2L_IMAGES));

    /** It sets no control: nothing to roll out. */
    public boolean setsNothing() {
        return fifo == ControlSetting.UNSET && upcall == ControlSetting.UNSET;
    }
}
