package io.fleetcompat.stream.query;

import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.rules.rollout.FamilyState;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Current directives: one by fleet.policy key, or all those this instance holds. */
@Path("/policies")
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

    @Inject
    StoreQueries queries;

    @GET
    public Response local() {
        Optional<List<GuestState>> guests = queries.localValues(Names.GUEST_STATE_STORE);
        Optional<List<FamilyState>> families = queries.localValues(Names.FAMILY_STATE_STORE);
        if (guests.isEmpty() || families.isEmpty()) {
            return Responses.notReady("not running");
        }
        List<PolicyView> views = new ArrayList<>();
        guests.get().stream().filter(g -> g.policy() != null).map(PolicyView::of).forEach(views::add);
        families.get().stream().filter(f -> f.rollout() != null).map(PolicyView::of).forEach(views::add);
        return Response.ok(views).build();
    }

    @GET
    @Path("/{key}")
    public Response byKey(@PathParam("key") String key, @Context UriInfo uri) {
        if (key.startsWith(PolicyTargetKeys.INSTANCE_PREFIX)) {
            QueryOutcome<GuestState> outcome = queries.byKey(Names.GUEST_STATE_STORE,
                    key.substring(PolicyTargetKeys.INSTANCE_PREFIX.length()));
            if (outcome instanceof QueryOutcome.Found<GuestState> f && f.value().policy() == null) {
                return Response.status(Response.Status.NOT_FOUND).entity(Map.of("error", "no directive")).build();
            }
            return Responses.of(outcome, uri.getRequestUri(), PolicyView::of);
        }
        if (key.startsWith(PolicyTargetKeys.FAMILY_PREFIX)) {
            QueryOutcome<FamilyState> outcome = queries.byKey(Names.FAMILY_STATE_STORE, key);
            if (outcome instanceof QueryOutcome.Found<FamilyState> f && f.value().rollout() == null) {
                return Response.status(Response.Status.NOT_FOUND).entity(Map.of("error", "no directive")).build();
            }
            return Responses.of(outcome, uri.getRequestUri(), PolicyView::of);
        }
        return Response.status(Response.Status.BAD_REQUEST)
                .entity(Map.of("error", "a policy key starts with instance: or family:")).build();
    }
}
