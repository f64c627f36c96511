package io.fleetcompat.stream.state;

/**
 * The cost side of a denial: the 2-level ABI caps a guest at 4096 ports (1024 for 32-bit layouts).
 *
 * @param highestPortBound highest port a binding op returned
 * @param enospcFailures binding ops that failed with -ENOSPC
 * @param enospcUnderDenial of those, failures in a domain created with evtchn_fifo denied
 */
public record PortUsage(long highestPortBound, int enospcFailures, int enospcUnderDenial) {

    public static final PortUsage NONE = new PortUsage(0, 0, 0);

    /** Ports the 2-level ABI offers a 64-bit guest; a 32-bit layout gets 1024. */
    public static final long TWO_LEVEL_PORT_LIMIT = 4096;

    public PortUsage bound(long port) {
        return new PortUsage(Math.max(highestPortBound, port), enospcFailures, enospcUnderDenial);
    }

    public PortUsage failed(boolean underDenial) {
        return new PortUsage(highestPortBound, enospcFailures + 1, enospcUnderDenial + (underDenial ? 1 : 0));
    }
}
