package io.fleetcompat.rules.guest;

/**
 * The cost side of a denial: the 2-level ABI caps a guest at 4096 ports (1024 for 32-bit layouts), and a
 * FIFO-denied domain that needs more gets -ENOSPC from its binding ops. Counted for the guest's current domain
 * (each domain starts with an empty port table), from what agents send: failed event-channel calls. A successful
 * bind's rc is 0 and the port it bound is an OUT field no event carries, so how close a domain is to the limit
 * is not known here, only that it reached it.
 *
 * @param hostId host of the domain counted (null before any)
 * @param domid that domain's id
 * @param enospcFailures binding ops of that domain that failed with -ENOSPC
 * @param limitReachedUnderDenial that domain ran out of 2-level ports while created with evtchn_fifo denied
 * @param enospcUnderDenial -ENOSPC binding failures in FIFO-denied domains over the guest's life (/stats)
 */
public record PortUsage(String hostId, int domid, int enospcFailures, boolean limitReachedUnderDenial,
                        int enospcUnderDenial) {

    public static final PortUsage NONE = new PortUsage(null, 0, 0, false, 0);

    /** Ports the 2-level ABI offers a 64-bit guest; a 32-bit layout gets 1024. */
    public static final long TWO_LEVEL_PORT_LIMIT = 4096;

    public boolean isFor(String host, int dom) {
        return host != null && host.equals(hostId) && dom == domid;
    }

    /** The usage of that domain: this one, or a fresh count when the guest has moved to another domain. */
    public PortUsage forDomain(String host, int dom) {
        return isFor(host, dom) ? this : new PortUsage(host, dom, 0, false, enospcUnderDenial);
    }

    /** A binding op of this domain failed with -ENOSPC. */
    public PortUsage failed(boolean underDenial) {
        return new PortUsage(hostId, domid, enospcFailures + 1, limitReachedUnderDenial || underDenial,
                enospcUnderDenial + (underDenial ? 1 : 0));
    }
}
