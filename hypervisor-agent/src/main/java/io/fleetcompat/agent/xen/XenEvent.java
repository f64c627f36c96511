package io.fleetcompat.agent.xen;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** What Xen itself reports to observers: hypercall results and domain lifecycle. */
public sealed interface XenEvent extends ModelEvent {

    /**
     * One hypercall's result. {@code hypercall} is "event_channel_op" or "hvm_op"; {@code cmd} the raw command or
     * sub-op number (of an hvm_op sub-op, an unsigned long, its low 32 bits); {@code cmdName} Xen's name or "unknown"; {@code args} the IN fields (empty when unread);
     * {@code out} the OUT fields copied back (empty on failure).
     */
    record Hypercall(int domid, String hypercall, int cmd, String cmdName, int rc, Optional<Errno> errno,
                     OptionalInt vcpu, Map<String, Long> args, Map<String, Long> out) implements XenEvent {
        public Hypercall {
            // The model's own field maps are already unmodifiable views of immutable records.
            args = args instanceof OpFields ? args : Map.copyOf(args);
            out = out instanceof OpFields ? out : Map.copyOf(out);
        }
    }

    /** createdomain, accepted or not; a rejection carries the sanitiser's reason. */
    record DomainCreated(int domid, int requestedFlags, int grantedFlags, List<String> requested,
                         List<String> granted, int rc, Optional<Errno> errno, String reason) implements XenEvent {
        public DomainCreated {
            requested = List.copyOf(requested);
            granted = List.copyOf(granted);
        }
    }

    record DomainDestroyed(int domid) implements XenEvent {
    }

    record DomainPaused(int domid, int controllerPauseCount) implements XenEvent {
    }

    record DomainUnpaused(int domid, int controllerPauseCount) implements XenEvent {
    }
}
