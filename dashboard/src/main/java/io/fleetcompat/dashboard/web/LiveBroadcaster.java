package io.fleetcompat.dashboard.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetcompat.dashboard.fold.FleetViews;
import io.fleetcompat.dashboard.view.LiveUpdate;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Set;

/**
 * Tells every open page, once per tick, which views changed. Changes are coalesced per tick so a burst of
 * events costs each browser one refetch, not one per record; pages refetch only what they show.
 */
@ApplicationScoped
public class LiveBroadcaster {

    /** Browsers wait this long before reconnecting after the stream breaks. */
    static final long RECONNECT_DELAY_MS = 2000;

    private final FleetViews views;
    private final ObjectMapper json;
    private volatile Sse sse;
    private SseBroadcaster broadcaster;

    public LiveBroadcaster(FleetViews views, ObjectMapper json) {
        this.views = views;
        this.json = json;
    }

    synchronized void register(Sse sse, SseEventSink sink) {
        if (broadcaster == null) {
            this.sse = sse;
            this.broadcaster = sse.newBroadcaster();
        }
        broadcaster.register(sink);
        sink.send(event("hello", new LiveUpdate(views.clock().millis(), Set.of())));
    }

    @Scheduled(every = "${fleetcompat.dashboard.live-tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void tick() {
        LiveUpdate update = new LiveUpdate(views.clock().millis(), views.changes().drain());
        if (broadcaster != null) {
            broadcaster.broadcast(event("update", update));
        }
    }

    /**
     * Ends every open live stream; each page reconnects by itself after the retry delay. Done at shutdown, so
     * during a rolling restart pages move to another instance at once instead of waiting on a dead socket.
     */
    public synchronized void closeAll() {
        if (broadcaster != null) {
            broadcaster.close();
            broadcaster = null;
        }
    }

    void onShutdown(@Observes ShutdownEvent event) {
        closeAll();
    }

    private OutboundSseEvent event(String name, LiveUpdate update) {
        try {
            return sse.newEventBuilder().name(name).reconnectDelay(RECONNECT_DELAY_MS)
                    .data(json.writeValueAsString(update)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + update, e);
        }
    }
}
