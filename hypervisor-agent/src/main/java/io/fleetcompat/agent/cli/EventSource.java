package io.fleetcompat.agent.cli;

import java.util.List;

/**
 * What produces a host's events: the toolstack driving the Xen model (real agent), or a simulator's guest
 * workload. {@link AgentRuntime#addHost} hands it a {@link HostContext} (event sink, policy lookup); it
 * reports what it runs for the heartbeats.
 */
public interface EventSource extends AutoCloseable {

    /** Starts producing; may return at once (own threads) or drive the host from the caller's thread. */
    void start(HostContext host);

    /** Guest ids of the domains running now, for the HostStatus heartbeat. */
    List<String> runningInstanceIds();

    /** Stops producing; the runtime closes the outbox after all sources are closed. */
    @Override
    void close();

    /** A host with no guest activity yet (heartbeats and policy only). */
    EventSource IDLE = new EventSource() {
        @Override
        public void start(HostContext host) {
        }

        @Override
        public List<String> runningInstanceIds() {
            return List.of();
        }

        @Override
        public void close() {
        }
    };
}
