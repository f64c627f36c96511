package io.fleetcompat.dashboard.web;

import io.fleetcompat.dashboard.DashboardConfig;
import io.fleetcompat.dashboard.command.CommandReceipt;
import io.fleetcompat.dashboard.command.CommandRequest;
import io.fleetcompat.dashboard.fold.FleetViews;
import io.fleetcompat.dashboard.fold.GuestTimelines;
import io.fleetcompat.dashboard.view.GuestSummary;
import io.fleetcompat.dashboard.view.GuestView;
import io.fleetcompat.dashboard.view.PolicyView;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Guests: the recent ones, one guest's timeline and policy, and PIN/UNPIN for operators. */
@Path("/api/guests")
@RolesAllowed(Roles.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
public class GuestResource {

    private final FleetViews views;
    private final DashboardConfig config;
    private final CommandService commands;
    private final SecurityIdentity identity;

    public GuestResource(FleetViews views, DashboardConfig config, CommandService commands,
                         SecurityIdentity identity) {
        this.views = views;
        this.config = config;
        this.commands = commands;
        this.identity = identity;
    }

    @GET
    public List<GuestSummary> recent() {
        return views.guests().recent(config.dashboard().pageSize());
    }

    @GET
    @Path("/{instanceId}")
    public GuestView guest(@PathParam("instanceId") String instanceId) {
        Optional<GuestTimelines.Snapshot> timeline = views.guests().find(instanceId);
        PolicyView policy = views.policies().forInstance(instanceId).orElse(null);
        if (timeline.isEmpty() && policy == null) {
            throw new UnknownTargetException(GuestLookup.unknownMessage(instanceId));
        }
        return new GuestView(instanceId, timeline.map(GuestTimelines.Snapshot::hosts).orElse(List.of()),
                timeline.map(GuestTimelines.Snapshot::entries).orElse(List.of()),
                timeline.map(GuestTimelines.Snapshot::truncated).orElse(false), policy, streamStateUrl(instanceId),
                timeline.map(GuestTimelines.Snapshot::birth).orElse(null));
    }

    @POST
    @Path("/{instanceId}/commands")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response command(@PathParam("instanceId") String instanceId, CommandRequest request) {
        CommandReceipt receipt = commands.onGuest(instanceId, request, identity);
        return Response.accepted(receipt).build();
    }

    private String streamStateUrl(String instanceId) {
        return config.stream().url()
                .map(base -> stripTrailingSlash(base) + config.stream().guestPath()
                        .replace("{id}", URLEncoder.encode(instanceId, StandardCharsets.UTF_8)))
                .orElse(null);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
