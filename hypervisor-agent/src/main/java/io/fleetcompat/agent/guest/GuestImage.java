package io.fleetcompat.agent.guest;

import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.MemoryImage;

import java.util.List;
import java.util.Set;

/**
 * A hibernation image (§7.3) or save/migration image (§7.2): the kernel's memory and its event-layer view.
 * Event-channel state at Xen is never part of it. {@code domainFlags} are the create flags of the domain it
 * came from, which §1.5 says must follow the guest. {@code memory} is a compact copy: only the frames the guest
 * wrote, each holding only the parts that differ from its fill value.
 */
public record GuestImage(String id, Kind kind, KernelProfile profile, boolean fifoEvents, Set<Integer> onlineCpus,
                         List<PortBinding> bindings, EventLayerState events, GuestPageAllocator.State allocator,
                         MemoryImage memory, int domainFlags) {

    public enum Kind {
        HIBERNATION, SAVE
    }

    public GuestImage {
        onlineCpus = Set.copyOf(onlineCpus);
        bindings = List.copyOf(bindings);
        if (memory == null) {
            throw new IllegalArgumentException("an image holds the guest's memory");
        }
    }

    /** The ABI the image's kernel assumes. */
    public AbiMode abi() {
        return events.abi();
    }
}
