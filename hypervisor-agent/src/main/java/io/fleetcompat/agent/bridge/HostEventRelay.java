package io.fleetcompat.agent.bridge;

import io.fleetcompat.agent.events.AgentEventSink;
import io.fleetcompat.agent.host.HostEvent;
import io.fleetcompat.agent.host.HostEventListener;
import java.util.List;

/**
 * Everything one host's toolstack reports goes through here: it keeps the host's running guests for the
 * heartbeat (read from the timer thread, while one other thread drives the toolstack), then forwards the record
 * to the host's event sink.
 */
public final class HostEventRelay implements HostEventListener {

    private final RunningGuests running = new RunningGuests();
    private final HostEventForwarder forwarder;

    public HostEventRelay(AgentEventSink sink, EmitTally tally) {
        this.forwarder = new HostEventForwarder(sink, tally);
    }

    @Override
    public void onEvent(HostEvent event) {
        running.onEvent(event);
        forwarder.onEvent(event);
    }

    /** Guest ids with a domain on the host, in id order. */
    public List<String> runningInstanceIds() {
        return running.ids();
    }
}
