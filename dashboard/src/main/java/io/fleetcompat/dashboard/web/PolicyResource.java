package io.fleetcompat.dashboard.web;

import io.fleetcompat.dashboard.DashboardConfig;
import io.fleetcompat.dashboard.fold.FleetViews;
import io.fleetcompat.dashboard.fold.PolicyBook;
import io.fleetcompat.dashboard.view.PoliciesView;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The latest directive per target, filtered by reason code, mode and kernel family. */
@Path("/api/policies")
@RolesAllowed(Roles.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

    private final FleetViews views;
    private final DashboardConfig config;

    public PolicyResource(FleetViews views, DashboardConfig config) {
        this.views = views;
        this.config = config;
    }

    @GET
    public PoliciesView policies(@QueryParam("reason") String reason, @QueryParam("mode") String mode,
                                 @QueryParam("family") String family) {
        requireOneOf("reason", reason, PolicyReasonCode.values());
        requireOneOf("mode", mode, PolicyMode.values());
        return views.policies().view(new PolicyBook.Filter(reason, mode, family), config.dashboard().pageSize());
    }

    private static void requireOneOf(String parameter, String value, Enum<?>[] allowed) {
        if (value == null || value.isBlank()) {
            return;
        }
        if (Arrays.stream(allowed).noneMatch(a -> a.name().equalsIgnoreCase(value))) {
            throw new InvalidQueryException(parameter + " '" + value + "' is not one of "
                    + Arrays.stream(allowed).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }
}
