package io.fleetcompat.agent.guest;

import io.fleetcompat.agent.xen.AbiMode;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A hibernation image (§7.3) or save/migration image (§7.2): the kernel's memory and its event-layer view.
 * Event-channel state at Xen is never part of it. {@code domainFlags} are the create flags of the domain it
 * came from, which §1.5 says must follow the guest.
 */
public record GuestImage(String id, Kind kind, KernelProfile profile, boolean fifoEvents, Set<Integer> onlineCpus,
                         List<PortBinding> bindings, EventLayerState events, GuestPageAllocator.State allocator,
                         Map<Long, int[]> memory, int domainFlags) {

    public enum Kind {
        HIBERNATION, SAVE
    }

    public GuestImage {
        onlineCpus = Set.copyOf(onlineCpus);
        bindings = List.copyOf(bindings);
        memory = new TreeMap<>(memory);
    }

    /** The ABI the image's kernel assumes. */
    public AbiMode abi() {
        return events.abi();
    }
}
