package io.fleetcompat.dashboard.web;

import io.fleetcompat.dashboard.DashboardConfig;
import io.fleetcompat.dashboard.fold.FleetViews;
import io.fleetcompat.dashboard.view.HostsView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Hosts by their latest heartbeat, stale ones first. */
@Path("/api/hosts")
@RolesAllowed(Roles.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
public class HostResource {

    private final FleetViews views;
    private final DashboardConfig config;

    public HostResource(FleetViews views, DashboardConfig config) {
        this.views = views;
        this.config = config;
    }

    @GET
    public HostsView hosts() {
        return views.hosts().view(config.dashboard().pageSize());
    }
}
