package io.fleetcompat.dashboard.web;

import io.fleetcompat.dashboard.command.CommandReceipt;
import io.fleetcompat.dashboard.command.CommandRequest;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Commands on a kernel family as a whole: START a rollout for it. The family key
 * ({@code family:<kernel_family>@<XEN_PROFILE>}) contains ':' and '@', so clients URL-encode it in the path.
 */
@Path("/api/families")
@RolesAllowed(Roles.OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
public class FamilyResource {

    private final CommandService commands;
    private final SecurityIdentity identity;

    public FamilyResource(CommandService commands, SecurityIdentity identity) {
        this.commands = commands;
        this.identity = identity;
    }

    @POST
    @Path("/{familyKey}/commands")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response command(@PathParam("familyKey") String familyKey, CommandRequest request) {
        CommandReceipt receipt = commands.onFamily(familyKey, request, identity);
        return Response.accepted(receipt).build();
    }
}
