package io.fleetcompat.dashboard.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/** The live stream every page opens with EventSource; see {@link LiveBroadcaster}. */
@Path("/api/live")
@RolesAllowed(Roles.VIEWER)
public class LiveResource {

    private final LiveBroadcaster broadcaster;

    public LiveResource(LiveBroadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void subscribe(@Context SseEventSink sink, @Context Sse sse) {
        broadcaster.register(sse, sink);
    }
}
