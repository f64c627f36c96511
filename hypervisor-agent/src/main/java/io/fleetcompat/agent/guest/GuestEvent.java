package io.fleetcompat.agent.guest;

import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.Errno;
import io.fleetcompat.agent.xen.ModelEvent;

import java.util.List;
import java.util.Optional;

/** Guest-kernel lifecycle steps, published through the host's observers. */
public sealed interface GuestEvent extends ModelEvent {

    /** A kernel finished booting; {@code abiLine} is exactly "Using FIFO-based ABI" or "Using 2-level ABI". */
    record Booted(int domid, String kernel, AbiMode abi, String abiLine, List<Integer> onlineCpus,
                  List<String> log) implements GuestEvent {
        public Booted {
            onlineCpus = List.copyOf(onlineCpus);
            log = List.copyOf(log);
        }
    }

    record Hibernated(int domid, String imageId, AbiMode imageAbi) implements GuestEvent {
    }

    /** The resume kernel runs; {@code healthy} is its first probe's verdict. */
    record Resumed(int domid, String imageId, AbiMode bootAbi, AbiMode imageAbi, AbiMode xenAbi, boolean healthy)
            implements GuestEvent {
    }

    record Saved(int domid, String imageId, AbiMode abi) implements GuestEvent {
    }

    record Restored(int domid, String imageId, int rc, AbiMode abi, AbiMode xenAbi) implements GuestEvent {
    }

    /** The kernel hit BUG()/panic: {@code errno} is the hypercall error that caused it, if any. */
    record Bug(int domid, String reason, Optional<Errno> errno) implements GuestEvent {
    }

    record Probed(int domid, List<Integer> sent, List<Integer> handled, long upcalls, boolean healthy)
            implements GuestEvent {
        public Probed {
            sent = List.copyOf(sent);
            handled = List.copyOf(handled);
        }
    }
}
