package io.fleetcompat.agent.outbox;

/** The outbox directory is locked by another process (or another open outbox of this one). */
public final class OutboxInUseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OutboxInUseException(String message) {
        super(message);
    }
}
