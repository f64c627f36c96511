package io.fleetcompat.stream.query;

import io.fleetcompat.rules.rollout.FamilyState;
import io.fleetcompat.rules.guest.GuestState;
import io.fleetcompat.stream.topology.Names;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;

/** Fleet statistics over the state this instance holds. */
@Path("/stats")
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    @Inject
    StoreQueries queries;

    @GET
    public Response stats() {
        Optional<List<GuestState>> guests = queries.localValues(Names.GUEST_STATE_STORE);
        Optional<List<FamilyState>> families = queries.localValues(Names.FAMILY_STATE_STORE);
        if (guests.isEmpty() || families.isEmpty()) {
            return Responses.notReady("not running");
        }
        return Response.ok(FleetStatistics.of(guests.get(), families.get())).build();
    }
}
