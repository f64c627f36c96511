package io.fleetcompat.agent.bridge;

import io.fleetcompat.agent.host.HostEvent;
import io.fleetcompat.agent.host.HostEventListener;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The guests with a domain on one host, as its records tell it (created, then destroyed), for the heartbeat.
 * The toolstack is driven by one thread and is not thread-safe, so the heartbeat timer reads this copy instead.
 */
final class RunningGuests implements HostEventListener {

    private final Set<String> running = new ConcurrentSkipListSet<>();

    @Override
    public void onEvent(HostEvent event) {
        if (event instanceof HostEvent.DomainCreated created) {
            running.add(created.instanceId());
        } else if (event instanceof HostEvent.DomainDestroyed destroyed) {
            running.remove(destroyed.instanceId());
        }
    }

    /** In instance-id order. */
    List<String> ids() {
        return List.copyOf(running);
    }
}
