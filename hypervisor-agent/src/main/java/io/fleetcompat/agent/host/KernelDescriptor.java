package io.fleetcompat.agent.host;

import io.fleetcompat.agent.guest.KernelProfile;

/** The Avro GuestKernelProfile of a model kernel: what DomainCreated says the domain boots. */
public record KernelDescriptor(String name, String family, String version, boolean fifoAware, boolean fifoEvents,
                               boolean usesUpcallVector) {

    /**
     * The model's profile name ("linux-5.10") is what family-level directives select on, so it is the family;
     * {@code fifoEvents} is the boot parameter actually used.
     */
    public static KernelDescriptor of(KernelProfile profile, boolean fifoEvents) {
        return new KernelDescriptor(profile.name(), profile.name(), profile.version(), profile.fifoAware(),
                fifoEvents, profile.usesUpcallVector());
    }
}
