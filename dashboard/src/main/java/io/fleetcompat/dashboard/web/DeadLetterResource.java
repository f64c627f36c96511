package io.fleetcompat.dashboard.web;

import io.fleetcompat.dashboard.fold.FleetViews;
import io.fleetcompat.dashboard.view.DeadLettersView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Dead letters: counts by kind and source topic, the dashboard's own decode failures, a sample. */
@Path("/api/dead-letters")
@RolesAllowed(Roles.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    private final FleetViews views;

    public DeadLetterResource(FleetViews views) {
        this.views = views;
    }

    @GET
    public DeadLettersView deadLetters() {
        return views.deadLetters().view();
    }
}
