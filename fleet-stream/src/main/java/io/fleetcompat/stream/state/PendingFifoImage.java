package io.fleetcompat.stream.state;

/** A hibernated guest whose pending image records FIFO: its resume kernel will assume FIFO event channels. */
public record PendingFifoImage(String instanceId, String imageEventId, long writtenAt) {
}
