package io.fleetcompat.rules.guest;

import io.fleetcompat.schema.avro.GuestKernelProfile;

/** The guest kernel as far as event channels are concerned (copied from DomainCreated.kernel). */
public record KernelProfile(String name, String family, String version, boolean fifoAware, boolean fifoEvents) {

    public static KernelProfile of(GuestKernelProfile kernel) {
        return new KernelProfile(kernel.getName(), kernel.getFamily(), kernel.getVersion(),
                kernel.getFifoAware(), kernel.getFifoEvents());
    }

    /** The kernel would engage FIFO when Xen offers it (xen-evtchn-model.md 7.1). */
    public boolean triesFifo() {
        return fifoAware && fifoEvents;
    }
}
