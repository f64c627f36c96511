package io.fleetcompat.stream.query;

import io.fleetcompat.rules.guest.GuestState;
import io.fleetcompat.stream.topology.Names;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** A guest's folded state and its timeline. */
@Path("/guests")
@Produces(MediaType.APPLICATION_JSON)
public class GuestResource {

    @Inject
    StoreQueries queries;

    @GET
    @Path("/{instanceId}")
    public Response guest(@PathParam("instanceId") String instanceId, @Context UriInfo uri) {
        QueryOutcome<GuestState> outcome = queries.byKey(Names.GUEST_STATE_STORE, instanceId);
        return Responses.of(outcome, uri.getRequestUri(), state -> state);
    }

    @GET
    @Path("/{instanceId}/timeline")
    public Response timeline(@PathParam("instanceId") String instanceId, @Context UriInfo uri) {
        QueryOutcome<GuestState> outcome = queries.byKey(Names.GUEST_STATE_STORE, instanceId);
        return Responses.of(outcome, uri.getRequestUri(), GuestState::timeline);
    }
}
