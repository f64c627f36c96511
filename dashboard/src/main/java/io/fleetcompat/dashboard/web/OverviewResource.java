package io.fleetcompat.dashboard.web;

import io.fleetcompat.dashboard.fold.FleetViews;
import io.fleetcompat.dashboard.view.OverviewView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The fleet overview: counts, live event rate, and the charts' series. */
@Path("/api/overview")
@RolesAllowed(Roles.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
public class OverviewResource {

    private final FleetViews views;

    public OverviewResource(FleetViews views) {
        this.views = views;
    }

    @GET
    public OverviewView overview() {
        return new OverviewView(views.hosts().size(), views.hosts().staleCount(), views.hosts().byProfile(),
                views.hosts().guestsRunning(), views.guests().size(), views.rate().perSecond(), views.eventsTotal(),
                views.policies().size(), views.rollouts().activeCount(), views.deadLetters().total(),
                views.series().points());
    }
}
