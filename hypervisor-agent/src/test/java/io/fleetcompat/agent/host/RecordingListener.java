package io.fleetcompat.agent.host;

import java.util.ArrayList;
import java.util.List;

/** Keeps every record a toolstack emits, in order. */
public final class RecordingListener implements HostEventListener {

    private final List<HostEvent> events = new ArrayList<>();

    @Override
    public void onEvent(HostEvent event) {
        events.add(event);
    }

    public List<HostEvent> events() {
        return List.copyOf(events);
    }

    public <T extends HostEvent> List<T> ofType(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends HostEvent> T single(Class<T> type) {
        List<T> found = ofType(type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", got " + found);
        }
        return found.get(0);
    }

    public void clear() {
        events.clear();
    }
}
