package io.fleetcompat.dashboard.web;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Who is signed in (the pages hide operator buttons from viewers), and sign-out for form logins. */
@Path("/api/session")
@RolesAllowed(Roles.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    /** The signed-in user and roles. */
    public record Session(String user, List<String> roles, boolean operator) {
    }

    private final SecurityIdentity identity;
    private final String cookieName;

    public SessionResource(SecurityIdentity identity,
                           @ConfigProperty(name = "quarkus.http.auth.form.cookie-name",
                                   defaultValue = "quarkus-credential") String cookieName) {
        this.identity = identity;
        this.cookieName = cookieName;
    }

    @GET
    public Session session() {
        return new Session(identity.getPrincipal().getName(), identity.getRoles().stream().sorted().toList(),
                identity.hasRole(Roles.OPERATOR));
    }

    /** Form authentication keeps the session in an encrypted cookie; expiring it signs out. */
    @POST
    @Path("/logout")
    public Response logout() {
        NewCookie expired = new NewCookie.Builder(cookieName).path("/").maxAge(0).value("").build();
        return Response.noContent().cookie(expired).build();
    }
}
