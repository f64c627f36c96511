package io.fleetcompat.dashboard.view;

/**
 * A guest's birth certificate (fleet-rules' {@code BirthCertificate}, computed by its own rule): where the guest
 * first booted, what the host offered and what its kernel engaged.
 *
 * @param kernel the kernel's name at birth; null when the guest was first seen mid-life by an event that names none
 * @param kernelFifoAware the kernel's FIFO awareness at birth; null when no kernel is known
 * @param abi the event-channel ABI engaged at the first boot (UNKNOWN until a GuestBooted says)
 * @param fifoAware known FIFO-aware from birth (the detectors' reading of the certificate)
 * @param firstSeenMidLife its first event was not its fresh boot, so this is what that first event said
 */
public record BirthView(
        String hostId,
        String xenProfile,
        boolean hostFifoBuiltIn,
        String kernel,
        String kernelFamily,
        Boolean kernelFifoAware,
        String abi,
        long bornAt,
        String eventId,
        boolean fifoAware,
        boolean firstSeenMidLife) {
}
