package io.fleetcompat.agent.guest;

import java.util.List;

/** One event sent on every channel the kernel believes it owns, then its handler run on every online CPU. */
public record ProbeResult(List<Integer> sent, List<Integer> handled, long upcalls, boolean healthy) {
    public ProbeResult {
        sent = List.copyOf(sent);
        handled = List.copyOf(handled);
    }
}
