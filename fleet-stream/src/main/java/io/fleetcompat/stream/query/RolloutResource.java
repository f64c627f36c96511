package io.fleetcompat.stream.query;

import io.fleetcompat.rules.rollout.FamilyState;
import io.fleetcompat.rules.rollout.Rollout;
import io.fleetcompat.rules.rollout.RolloutIds;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rollouts with their waves, gates and counters. */
@Path("/rollouts")
@Produces(MediaType.APPLICATION_JSON)
public class RolloutResource {

    @Inject
    StoreQueries queries;

    @GET
    public Response local() {
        Optional<List<FamilyState>> families = queries.localValues(Names.FAMILY_STATE_STORE);
        if (families.isEmpty()) {
            return Responses.notReady("not running");
        }
        return Response.ok(families.get().stream().map(FamilyState::rollout).filter(r -> r != null).toList()).build();
    }

    /** The id contains '#': clients encode it as %23. */
    @GET
    @Path("/{rolloutId}")
    public Response byId(@PathParam("rolloutId") String rolloutId, @Context UriInfo uri) {
        Optional<String> familyKey = RolloutIds.familyKeyOf(rolloutId);
        if (familyKey.isEmpty()) {
            return Response.status(Response.Status.NOT_FOUND).entity(Map.of("error", "no such rollout")).build();
        }
        QueryOutcome<FamilyState> outcome = queries.byKey(Names.FAMILY_STATE_STORE, familyKey.get());
        if (outcome instanceof QueryOutcome.Found<FamilyState> f) {
            Rollout r = f.value().rollout();
            return r != null && r.rolloutId().equals(rolloutId) ? Response.ok(r).build()
                    : Response.status(Response.Status.NOT_FOUND).entity(Map.of("error", "no such rollout")).build();
        }
        return Responses.of(outcome, uri.getRequestUri(), state -> state);
    }
}
