package io.fleetcompat.rules.guest;

/**
 * A hibernated guest whose pending image records FIFO: its resume kernel will assume FIFO event channels.
 *
 * @param audited its finding under a family denial was audited (a later denying version must not repeat it);
 *                false in entries written before the flag existed, which may then be audited once more
 */
public record PendingFifoImage(String instanceId, String imageEventId, long writtenAt, boolean audited) {

    public PendingFifoImage withAudited() {
        return new PendingFifoImage(instanceId, imageEventId, writtenAt, true);
    }
}
