package io.fleetcompat.dashboard.web;

import io.fleetcompat.dashboard.command.CommandReceipt;
import io.fleetcompat.dashboard.command.CommandRequest;
import io.fleetcompat.dashboard.fold.FleetViews;
import io.fleetcompat.dashboard.view.ActionEntry;
import io.fleetcompat.dashboard.view.RolloutView;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Rollouts with their waves and gates, the operator actions log, and the actions themselves. Rollout ids
 * contain ':', '@' and '#', so clients URL-encode them in the path.
 */
@Path("/api/rollouts")
@RolesAllowed(Roles.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
public class RolloutResource {

    private final FleetViews views;
    private final CommandService commands;
    private final SecurityIdentity identity;

    public RolloutResource(FleetViews views, CommandService commands, SecurityIdentity identity) {
        this.views = views;
        this.commands = commands;
        this.identity = identity;
    }

    @GET
    public List<RolloutView> rollouts() {
        return views.rollouts().all();
    }

    @GET
    @Path("/actions")
    public List<ActionEntry> actions() {
        return views.actions().recent();
    }

    @GET
    @Path("/{rolloutId}")
    public RolloutView rollout(@PathParam("rolloutId") String rolloutId) {
        return views.rollouts().find(rolloutId).orElseThrow(() ->
                new UnknownTargetException("unknown rollout '" + rolloutId + "': fleet.rollouts has no state for it"));
    }

    @POST
    @Path("/{rolloutId}/commands")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response command(@PathParam("rolloutId") String rolloutId, CommandRequest request) {
        CommandReceipt receipt = commands.onRollout(rolloutId, request, identity);
        return Response.accepted(receipt).build();
    }
}
