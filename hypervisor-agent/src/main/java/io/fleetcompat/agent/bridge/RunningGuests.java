package io.fleetcompat.agent.bridge;

import io.fleetcompat.agent.host.HostEvent;
import io.fleetcompat.agent.host.HostEventListener;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The guests with a domain on one host, as its records tell it (created, then destroyed), for the heartbeat.
 * The toolstack is driven by one thread and is not thread-safe, so the heartbeat timer reads this copy instead.
 */
final class RunningGuests implements HostEventListener {

    /** Hashed, not sorted: every create and destroy touches it, a heartbeat reads it once per interval. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();

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
        return running.stream().sorted().toList();
    }
}
