package io.fleetcompat.agent.outbox;

/**
 * The outbox log is damaged somewhere a crash cannot explain (not the tail of the last segment). The agent
 * must not start: truncating it would lose events, and skipping entries would break the sequence.
 */
public final class OutboxCorruptedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OutboxCorruptedException(String message) {
        super(message);
    }
}
